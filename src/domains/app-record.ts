/**
 * The consensus app's resume record: what a restarted {@link ChainApp} needs besides its two
 * trees, saved after every commit. The trees hold the state, but not which of their roots is the
 * committed one (speculative executions of the next height are committed to the same database),
 * nor the carry between heights (chain-carry.ts). So the record names the committed height, time,
 * domain hashes and roots, and holds the carry. The UED may lag the VED (issue 7): the record then
 * names both heights, and a restarted app executes the UED of the heights between them again from
 * the stored blocks. It is saved when the VED commits and when a UED outcome arrives, is bounded,
 * and is strictly decoded.
 */
import {
  array,
  bytes,
  bytes32,
  type Codec,
  decodeWith,
  encodeWith,
  optional,
  struct,
  TandemError,
  text,
  textMap,
  u64,
} from '../common/index.js';
import {
  type AccountMove,
  accountMoveCodec,
  type CrossDomainInput,
  type DomainId,
  domainNamespace,
  VedAccountSet,
} from '../consensus/index.js';
import { type NodeDB, RootType, Tree } from '../mkvs/index.js';
import type { Carry } from './chain-carry.js';
import { DomainsError } from './errors.js';

/** Largest record accepted (the carry of a small chain is a few kilobytes). */
export const MAX_APP_RECORD_BYTES = 1024 * 1024;
const MAX_MOVES = 10_000;

/**
 * Storage of the record (e.g. the BFT layer's `SlotFileStore`). A store may write a saved record
 * later (the node's writes it in the background): an older record on disk only makes the next
 * start replay blocks onto roots the databases still hold.
 */
export interface AppRecordStore {
  /** The last saved record, or undefined when none was ever saved. */
  load(): Uint8Array | undefined;
  /** Replace the record (durable now or soon after; {@link load} returns it at once). */
  save(record: Uint8Array): void;
}

/**
 * Where the UED stands: its last executed height (at most the VED's), that height's hash, tree
 * root and block time, the remaps it received at the last epoch start (for a job of that start
 * still to run), and what it handed back for the VED's next boundaries (chain-carry.ts
 * `UedOutputs`), as of that height.
 */
export interface UedRecord {
  readonly height: bigint;
  readonly hash: Uint8Array;
  readonly root: Uint8Array;
  readonly timeMs: bigint;
  readonly startIn: readonly AccountMove[];
  readonly startOut: ReadonlyMap<bigint, readonly AccountMove[]>;
  readonly forVed: ReadonlyMap<bigint, CrossDomainInput>;
}

/** The committed position of the app (VED and UED, which may lag) and its carry. */
export interface AppRecord {
  readonly chainContext: string;
  readonly height: bigint;
  readonly timeMs: bigint;
  readonly vedHash: Uint8Array;
  readonly vedRoot: Uint8Array;
  readonly carry: Carry;
  readonly ued: UedRecord;
}

const blob = bytes({ max: MAX_APP_RECORD_BYTES });
const movesCodec = array(accountMoveCodec, MAX_MOVES);
const forVedCodec = struct({ epoch: u64, records: textMap(blob, 16) }, 'ForVed');
const startOutCodec = struct({ epoch: u64, moves: movesCodec }, 'StartOut');
const lastStartCodec = struct({ epoch: u64, ved_set: blob, ved_out: movesCodec }, 'LastStart');
const codec = struct(
  {
    chain_context: text(256),
    height: u64,
    time_ms: u64,
    ved_hash: bytes32,
    ved_root: bytes32,
    ved_set: blob,
    last_start: optional(lastStartCodec),
    commit_votes: optional(blob),
    ued_height: u64,
    ued_hash: bytes32,
    ued_root: bytes32,
    ued_time_ms: u64,
    ued_start_in: movesCodec,
    ued_start_out: array(startOutCodec, 8),
    ued_for_ved: array(forVedCodec, 8),
  },
  'AppRecord',
);
type Raw = typeof codec extends Codec<infer T> ? T : never;

/** Entries of an epoch-keyed map in increasing epoch order (canonical bytes). */
function byEpoch<T>(m: ReadonlyMap<bigint, T>): [bigint, T][] {
  return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Canonical bytes of a record. */
export function encodeAppRecord(r: AppRecord): Uint8Array {
  const c = r.carry;
  const u = r.ued;
  const s = c.lastStart;
  const raw: Raw = {
    chain_context: r.chainContext,
    height: r.height,
    time_ms: r.timeMs,
    ved_hash: r.vedHash,
    ved_root: r.vedRoot,
    ved_set: c.vedSet.encode(),
    ued_height: u.height,
    ued_hash: u.hash,
    ued_root: u.root,
    ued_time_ms: u.timeMs,
    ued_start_in: [...u.startIn],
    ued_start_out: byEpoch(u.startOut).map(([epoch, moves]) => ({ epoch, moves: [...moves] })),
    ued_for_ved: byEpoch(u.forVed).map(([epoch, records]) => ({ epoch, records: { ...records } })),
    ...(s === undefined
      ? {}
      : { last_start: { epoch: s.epoch, ved_set: s.vedSet.encode(), ved_out: [...s.vedOut] } }),
    ...(c.commitVotes === undefined ? {} : { commit_votes: c.commitVotes }),
  };
  return encodeWith(codec, raw);
}

/** An epoch-keyed list as a map; the epochs must strictly increase (the canonical order). */
function epochMap<T>(list: readonly { epoch: bigint }[], value: (x: never) => T): Map<bigint, T> {
  const m = new Map<bigint, T>();
  let last = -1n;
  for (const x of list) {
    if (x.epoch <= last) throw new DomainsError(DomainsError.APP_RECORD, 'epochs not in increasing order');
    last = x.epoch;
    m.set(x.epoch, value(x as never));
  }
  return m;
}

function carryOf(r: Raw): Carry {
  const s = r.last_start;
  return {
    vedSet: VedAccountSet.decode(r.ved_set),
    ...(s === undefined
      ? {}
      : { lastStart: { epoch: s.epoch, vedSet: VedAccountSet.decode(s.ved_set), vedOut: s.ved_out } }),
    ...(r.commit_votes === undefined ? {} : { commitVotes: r.commit_votes }),
  };
}

/** Strictly decode a record; anything malformed is a {@link DomainsError} APP_RECORD. */
export function decodeAppRecord(b: Uint8Array): AppRecord {
  try {
    const r = decodeWith(codec, b, { maxSize: MAX_APP_RECORD_BYTES, maxDepth: 16 });
    if (r.ued_height > r.height) {
      throw new DomainsError(
        DomainsError.APP_RECORD,
        `UED at ${r.ued_height} ahead of the VED at ${r.height}`,
      );
    }
    const ued: UedRecord = {
      height: r.ued_height,
      hash: r.ued_hash,
      root: r.ued_root,
      timeMs: r.ued_time_ms,
      startIn: r.ued_start_in,
      startOut: epochMap(r.ued_start_out, (x: { moves: AccountMove[] }) => x.moves),
      forVed: epochMap(r.ued_for_ved, (x: { records: CrossDomainInput }) => x.records),
    };
    return {
      chainContext: r.chain_context,
      height: r.height,
      timeMs: r.time_ms,
      vedHash: r.ved_hash,
      vedRoot: r.ved_root,
      carry: carryOf(r),
      ued,
    };
  } catch (e) {
    if (e instanceof DomainsError || !(e instanceof TandemError)) throw e;
    throw new DomainsError(DomainsError.APP_RECORD, `malformed app record: ${e.message}`);
  }
}

/** A domain's tree at a committed root the record names; the database must hold that root. */
export async function openCommitted(
  db: NodeDB,
  domain: DomainId,
  chainContext: string,
  version: bigint,
  rootHash: Uint8Array,
): Promise<Tree> {
  const ns = domainNamespace(domain, chainContext);
  if (!(await db.hasRoot({ ns, version, root_type: RootType.State, hash: rootHash }))) {
    throw new DomainsError(
      DomainsError.APP_RECORD,
      `the ${domain} database lacks the committed root of height ${version}`,
    );
  }
  return new Tree({ db, rootHash });
}
