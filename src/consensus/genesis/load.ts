/**
 * Loading a genesis document from JSON or YAML text. The text form uses strings or integers for
 * amounts and u64s (JSON numbers above 2^53 are refused: use strings), bech32 (`tandem1…`) or hex
 * for addresses, hex or base64 for public keys, and `RW-VED` / `RW-UED` for mappings. Every
 * problem is reported as {@link ConsensusError.GENESIS_FILE} with the path of the offending field.
 *
 * Service sections are kept as plain values here, since their schemas belong to the services
 * (a higher layer). A caller that knows them passes a {@link GenesisServicesNormalizer}, so a
 * loaded document holds the same typed values (bytes, bigints) as one built in memory, and hence
 * has the same canonical encoding and chain context.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { addressFromString, fromBase64, fromHex, MAX_QUANTITY } from '../../common/index.js';
import { parseMapping } from '../accounts/mapping.js';
import { ConsensusError } from '../errors.js';
import { type GenesisDocument, MAX_GENESIS_BYTES } from './document.js';
import { validateGenesis } from './validate.js';

type Obj = Record<string, unknown>;

function bad(path: string, msg: string): never {
  throw new ConsensusError(ConsensusError.GENESIS_FILE, `genesis file: ${path}: ${msg}`);
}

/** A mapping with exactly `keys` (all required) plus any of `optionalKeys`. */
function obj(v: unknown, path: string, keys: readonly string[], optionalKeys: readonly string[] = []): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'expected a mapping');
  for (const k of Object.keys(v))
    if (!keys.includes(k) && !optionalKeys.includes(k)) bad(path, `unknown field ${JSON.stringify(k)}`);
  for (const k of keys) if (!(k in v)) bad(`${path}.${k}`, 'missing');
  return v as Obj;
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) bad(path, 'expected a list');
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') bad(path, 'expected a string');
  return v;
}

/** An unsigned integer from a safe integer, a bigint or a decimal string. */
function uint(v: unknown, path: string, max: bigint): bigint {
  let n: bigint | undefined;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && /^(0|[1-9][0-9]{0,77})$/.test(v)) n = BigInt(v);
  if (n === undefined || n < 0n || n > max)
    bad(path, `expected an integer in 0..${max} (a string for large values)`);
  return n;
}

function address(v: unknown, path: string): Uint8Array {
  const s = str(v, path);
  try {
    return /^[0-9a-f]{42}$/.test(s) ? fromHex(s) : addressFromString(s);
  } catch (e) {
    return bad(path, `invalid address: ${(e as Error).message}`);
  }
}

function key32(v: unknown, path: string): Uint8Array {
  const s = str(v, path);
  const b = /^[0-9a-f]{64}$/.test(s) ? fromHex(s) : fromBase64(s);
  if (b.length !== 32) bad(path, 'expected a 32-byte key (hex or base64)');
  return b;
}

/** Service params: JSON-like values only (integers, strings, booleans, null, lists, mappings). */
function plain(v: unknown, path: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : bad(path, 'only safe integers are allowed');
  if (Array.isArray(v)) return v.map((x, i) => plain(x, `${path}[${i}]`));
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, `${path}.${k}`)]));
  }
  return bad(path, 'unsupported value');
}

const U64 = 0xffffffffffffffffn;

/**
 * Turns the service sections from their text form into the typed values the services' codecs
 * take; throws (a coded error naming every problem) when a section does not convert.
 */
export type GenesisServicesNormalizer = (services: Record<string, unknown>) => Record<string, unknown>;

/** Convert a parsed JSON/YAML value into a validated genesis document. */
export function genesisFromPlain(v: unknown, normalize?: GenesisServicesNormalizer): GenesisDocument {
  const d = obj(v, 'genesis', [
    'chain_id',
    'genesis_time_ms',
    'params',
    'accounts',
    'validators',
    'services',
  ]);
  const p = obj(
    d.params,
    'params',
    ['epoch_interval', 'max_tx_bytes', 'gas_costs', 'min_validator_stake', 'ved_programs'],
    ['confirm_stake_bps'],
  );
  const g = obj(p.gas_costs, 'params.gas_costs', ['tx_byte']);
  const doc: GenesisDocument = {
    chain_id: str(d.chain_id, 'chain_id'),
    genesis_time_ms: uint(d.genesis_time_ms, 'genesis_time_ms', U64),
    params: {
      epoch_interval: uint(p.epoch_interval, 'params.epoch_interval', U64),
      max_tx_bytes: Number(uint(p.max_tx_bytes, 'params.max_tx_bytes', 0xffffffffn)),
      gas_costs: { tx_byte: uint(g.tx_byte, 'params.gas_costs.tx_byte', U64) },
      min_validator_stake: uint(p.min_validator_stake, 'params.min_validator_stake', MAX_QUANTITY),
      ved_programs: list(p.ved_programs, 'params.ved_programs').map((x, i) =>
        str(x, `params.ved_programs[${i}]`),
      ),
      ...(p.confirm_stake_bps === undefined
        ? {}
        : { confirm_stake_bps: Number(uint(p.confirm_stake_bps, 'params.confirm_stake_bps', 0xffffn)) }),
    },
    accounts: list(d.accounts, 'accounts').map((x, i) => {
      const at = `accounts[${i}]`;
      const a = obj(x, at, ['address', 'balance', 'mapping', 'owner']);
      const mapping =
        parseMapping(str(a.mapping, `${at}.mapping`)) ?? bad(`${at}.mapping`, 'expected RW-VED or RW-UED');
      const balance = uint(a.balance, `${at}.balance`, MAX_QUANTITY);
      return {
        address: address(a.address, `${at}.address`),
        balance,
        mapping,
        owner: str(a.owner, `${at}.owner`),
      };
    }),
    validators: list(d.validators, 'validators').map((x, i) => {
      const a = obj(x, `validators[${i}]`, ['public_key', 'power']);
      return {
        public_key: key32(a.public_key, `validators[${i}].public_key`),
        power: uint(a.power, `validators[${i}].power`, U64),
      };
    }),
    services: plain(obj(d.services, 'services', Object.keys(d.services ?? {})), 'services') as Record<
      string,
      unknown
    >,
  };
  validateGenesis(doc);
  return normalize === undefined ? doc : { ...doc, services: normalize(doc.services) };
}

/** Parse genesis text; `format` defaults to YAML (a superset of JSON). */
export function parseGenesis(
  text: string,
  format: 'json' | 'yaml' = 'yaml',
  normalize?: GenesisServicesNormalizer,
): GenesisDocument {
  let v: unknown;
  try {
    v = format === 'json' ? JSON.parse(text) : parseYaml(text, { intAsBigInt: true, uniqueKeys: true });
  } catch (e) {
    bad('genesis', `cannot parse ${format}: ${(e as Error).message}`);
  }
  return genesisFromPlain(v, normalize);
}

/** Read and parse a genesis file; `.json` is parsed as JSON, anything else as YAML. */
export function loadGenesisFile(path: string, normalize?: GenesisServicesNormalizer): GenesisDocument {
  let text: string;
  try {
    if (statSync(path).size > MAX_GENESIS_BYTES) bad(path, `larger than ${MAX_GENESIS_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ConsensusError) throw e;
    bad(path, `cannot read: ${(e as Error).message}`);
  }
  return parseGenesis(text, path.endsWith('.json') ? 'json' : 'yaml', normalize);
}
