/**
 * The text (JSON/YAML) form of a composed genesis document. The loader of `consensus/genesis`
 * keeps service parameters as plain values, so keys and addresses in `services.vote` arrive as
 * strings (hex keys; hex or bech32 addresses): {@link normalizeVoteGenesis} turns them into the
 * bytes the vote program's strict codec takes (genesis-normalize.ts does this for every section
 * when a file is loaded). {@link genesisToPlain} writes a document in the form `parseGenesis`
 * reads back.
 */
import { addressFromString, addressToString, fromHex, toHex } from '../common/index.js';
import { type GenesisDocument, mappingName } from '../consensus/index.js';
import { DomainsError } from './errors.js';

type Obj = Record<string, unknown>;

function bytesOf(v: unknown, path: string, address: boolean): unknown {
  if (typeof v !== 'string') return v;
  try {
    if (!address) return fromHex(v);
    return /^[0-9a-f]{42}$/.test(v) ? fromHex(v) : addressFromString(v);
  } catch (e) {
    throw new DomainsError(
      DomainsError.INVALID_GENESIS,
      `genesis services.vote.${path}: ${(e as Error).message}`,
    );
  }
}

/** The vote genesis with string keys and addresses converted to bytes (others left as they are). */
export function normalizeVoteGenesis(g: unknown): unknown {
  if (typeof g !== 'object' || g === null || !Array.isArray((g as Obj).accounts)) return g;
  const accounts = ((g as Obj).accounts as unknown[]).map((a, i) => {
    if (typeof a !== 'object' || a === null) return a;
    const o = a as Obj;
    const at = `accounts[${i}]`;
    return {
      ...o,
      node: bytesOf(o.node, `${at}.node`, false),
      authority: bytesOf(o.authority, `${at}.authority`, true),
      fee_payer: bytesOf(o.fee_payer, `${at}.fee_payer`, true),
      fund: bytesOf(o.fund, `${at}.fund`, true),
    };
  });
  return { ...(g as Obj), accounts };
}

/** A JSON-safe form of a plain value: bytes → hex, bigints → decimal strings (small ones → numbers). */
function plain(v: unknown, address: boolean): unknown {
  if (v instanceof Uint8Array) return address && v.length === 21 ? addressToString(v) : toHex(v);
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v);
  if (Array.isArray(v)) return v.map((x) => plain(x, address));
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, k !== 'node')]));
  }
  return v;
}

/** The document in the text form `parseGenesis` accepts (JSON-safe). */
export function genesisToPlain(doc: GenesisDocument): Obj {
  return {
    chain_id: doc.chain_id,
    genesis_time_ms: String(doc.genesis_time_ms),
    params: {
      epoch_interval: String(doc.params.epoch_interval),
      max_tx_bytes: doc.params.max_tx_bytes,
      gas_costs: { tx_byte: String(doc.params.gas_costs.tx_byte) },
      min_validator_stake: String(doc.params.min_validator_stake),
      ved_programs: doc.params.ved_programs,
    },
    accounts: doc.accounts.map((a) => ({
      address: addressToString(a.address),
      balance: String(a.balance),
      mapping: mappingName(a.mapping),
      owner: a.owner,
    })),
    validators: doc.validators.map((v) => ({ public_key: toHex(v.public_key), power: String(v.power) })),
    services: plain(doc.services, true),
  };
}
