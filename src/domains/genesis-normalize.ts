/**
 * The typed form of the programs' genesis sections. A document loaded from JSON or YAML holds
 * keys and addresses as text and integers as numbers or strings, while one built in memory
 * ({@link buildGenesis}) holds bytes and bigints; since the chain context is the hash of the
 * canonical encoding, and the services read their sections through strict codecs, a loaded
 * document must be brought to the built form first. {@link normalizeGenesisServices} does that
 * for the programs of the chain, checking each section with its program's own schema and naming
 * every problem (of every section) at once.
 */
import { fromHex, TandemError } from '../common/index.js';
import { type GenesisDocument, loadGenesisFile, parseGenesis } from '../consensus/index.js';
import { beaconGenesisCodec } from '../services/beacon/index.js';
import { registryGenesisCodec } from '../services/registry/index.js';
import { parseStakingGenesis } from '../services/staking/index.js';
import { voteGenesisCodec } from '../services/vote/index.js';
import { DomainsError } from './errors.js';
import { normalizeVoteGenesis } from './genesis-text.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Safe-integer numbers as bigints, deeply: the built form (both encode to the same CBOR). */
function bigints(v: unknown): unknown {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(bigints);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bigints(x)]));
  return v;
}

function hexBytes(v: unknown, path: string): unknown {
  if (typeof v !== 'string') return v;
  try {
    return fromHex(v);
  } catch (e) {
    throw new DomainsError(DomainsError.INVALID_GENESIS, `${path}: ${(e as Error).message}`);
  }
}

/** Checks a section against its program's codec (the schema the program reads it with). */
function check(codec: { fromCbor(v: unknown, path: string): unknown }, v: unknown, name: string): void {
  try {
    codec.fromCbor(v, name);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new DomainsError(DomainsError.INVALID_GENESIS, e.message);
  }
}

function vote(raw: unknown): unknown {
  const g = normalizeVoteGenesis(raw);
  check(voteGenesisCodec, g, 'vote');
  return g;
}

function beacon(raw: unknown): unknown {
  const g = bigints(raw);
  if (!isObj(g)) {
    check(beaconGenesisCodec, g, 'beacon');
    return g;
  }
  const out: Obj = { ...g };
  if (out.entropy_seed !== undefined) out.entropy_seed = hexBytes(out.entropy_seed, 'beacon.entropy_seed');
  if (Array.isArray(out.vrf_keys)) {
    out.vrf_keys = out.vrf_keys.map((e, i) =>
      isObj(e)
        ? {
            ...e,
            node: hexBytes(e.node, `beacon.vrf_keys[${i}].node`),
            vrf: hexBytes(e.vrf, `beacon.vrf_keys[${i}].vrf`),
          }
        : e,
    );
  }
  check(beaconGenesisCodec, out, 'beacon');
  return out;
}

/** A signature `{public_key, signature}` with hex fields as bytes. */
function signature(v: unknown, path: string): unknown {
  if (!isObj(v)) return v;
  return {
    ...v,
    public_key: hexBytes(v.public_key, `${path}.public_key`),
    signature: hexBytes(v.signature, `${path}.signature`),
  };
}

/** A signed (one signature) or multi-signed envelope with hex fields as bytes. */
function envelope(v: unknown, path: string): unknown {
  if (!isObj(v)) return v;
  const out: Obj = {
    ...v,
    untrusted_raw_value: hexBytes(v.untrusted_raw_value, `${path}.untrusted_raw_value`),
  };
  if (v.signature !== undefined) out.signature = signature(v.signature, `${path}.signature`);
  if (Array.isArray(v.signatures))
    out.signatures = v.signatures.map((x, i) => signature(x, `${path}.signatures[${i}]`));
  return out;
}

/** The registry section: parameters as integers, signed entity and node descriptors as bytes. */
function registry(raw: unknown): unknown {
  const g = bigints(raw);
  if (!isObj(g)) {
    check(registryGenesisCodec, g, 'registry');
    return g;
  }
  const out: Obj = { ...g };
  for (const list of ['entities', 'nodes'] as const) {
    const v = out[list];
    if (Array.isArray(v)) out[list] = v.map((e, i) => envelope(e, `registry.${list}[${i}]`));
  }
  check(registryGenesisCodec, out, 'registry');
  return out;
}

/** Section normalizers of the programs whose sections hold more than integers. */
const NORMALIZERS: Record<string, (raw: unknown) => unknown> = {
  vote,
  staking: (raw) => parseStakingGenesis(raw),
  beacon,
  registry,
};

/** The normalized sections and the problems of those that did not convert. */
export interface NormalizedServices {
  readonly services: Record<string, unknown>;
  /** One line per problem, `services.<name>: <message> [<module>/<code>]`. */
  readonly problems: readonly string[];
  /** Names of the sections that did not convert (left as they were). */
  readonly failed: ReadonlySet<string>;
}

/** Normalize every section, collecting the problems instead of stopping at the first. */
export function normalizeServicesCollecting(services: Record<string, unknown>): NormalizedServices {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  const failed = new Set<string>();
  for (const [name, raw] of Object.entries(services)) {
    try {
      out[name] = (NORMALIZERS[name] ?? bigints)(raw);
    } catch (e) {
      if (!(e instanceof TandemError)) throw e;
      problems.push(`services.${name}: ${e.message} [${e.module}/${e.code}]`);
      failed.add(name);
      out[name] = raw;
    }
  }
  return { services: out, problems, failed };
}

/**
 * The sections in their typed (built) form; throws {@link DomainsError.INVALID_GENESIS} naming
 * every section that does not convert. Idempotent: a built document comes back equal.
 */
export function normalizeGenesisServices(services: Record<string, unknown>): Record<string, unknown> {
  const r = normalizeServicesCollecting(services);
  if (r.problems.length > 0) {
    throw new DomainsError(DomainsError.INVALID_GENESIS, `genesis: ${r.problems.join('; ')}`);
  }
  return r.services;
}

/** Parse genesis text into the document a node runs (the typed form of every section). */
export function parseChainGenesis(text: string, format: 'json' | 'yaml' = 'yaml'): GenesisDocument {
  return parseGenesis(text, format, normalizeGenesisServices);
}

/** Load a genesis file into the document a node runs (the typed form of every section). */
export function loadChainGenesis(path: string): GenesisDocument {
  return loadGenesisFile(path, normalizeGenesisServices);
}
