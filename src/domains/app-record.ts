/**
 * The consensus app's resume record: what a restarted {@link ChainApp} needs besides its two
 * trees, saved after every commit. The trees hold the state, but not which of their roots is the
 * committed one (speculative executions of the next height are committed to the same database),
 * nor the carry between heights (chain-carry.ts). So the record names the committed height, time,
 * domain hashes and roots, and holds the carry. It is bounded and strictly decoded.
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
import { accountMoveCodec, type DomainId, domainNamespace, VedAccountSet } from '../consensus/index.js';
import { type NodeDB, RootType, Tree } from '../mkvs/index.js';
import type { Carry } from './chain-carry.js';
import { DomainsError } from './errors.js';

/** Largest record accepted (the carry of a small chain is a few kilobytes). */
export const MAX_APP_RECORD_BYTES = 1024 * 1024;
const MAX_MOVES = 10_000;

/** Durable storage of the record (e.g. the BFT layer's atomic `FileSignStateStore`). */
export interface AppRecordStore {
  /** The last saved record, or undefined when none was ever saved. */
  load(): Uint8Array | undefined;
  /** Replace the record; durable before it returns. */
  save(record: Uint8Array): void;
}

/** The committed position of the app and its carry. */
export interface AppRecord {
  readonly chainContext: string;
  readonly height: bigint;
  readonly timeMs: bigint;
  readonly vedHash: Uint8Array;
  readonly vedRoot: Uint8Array;
  readonly uedHeight: bigint;
  readonly uedHash: Uint8Array;
  readonly uedRoot: Uint8Array;
  readonly carry: Carry;
}

const blob = bytes({ max: MAX_APP_RECORD_BYTES });
const forVedCodec = struct({ epoch: u64, records: textMap(blob, 16) }, 'ForVed');
const codec = struct(
  {
    chain_context: text(256),
    height: u64,
    time_ms: u64,
    ved_hash: bytes32,
    ved_root: bytes32,
    ued_height: u64,
    ued_hash: bytes32,
    ued_root: bytes32,
    ved_set: blob,
    next_set: optional(blob),
    to_ved: array(accountMoveCodec, MAX_MOVES),
    for_ved: array(forVedCodec, 8),
    commit_votes: optional(blob),
  },
  'AppRecord',
);
type Raw = typeof codec extends Codec<infer T> ? T : never;

/** Canonical bytes of a record. */
export function encodeAppRecord(r: AppRecord): Uint8Array {
  const c = r.carry;
  const forVed = [...c.forVed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const raw: Raw = {
    chain_context: r.chainContext,
    height: r.height,
    time_ms: r.timeMs,
    ved_hash: r.vedHash,
    ved_root: r.vedRoot,
    ued_height: r.uedHeight,
    ued_hash: r.uedHash,
    ued_root: r.uedRoot,
    ved_set: c.vedSet.encode(),
    to_ved: [...c.toVed],
    for_ved: forVed.map(([epoch, records]) => ({ epoch, records: { ...records } })),
    ...(c.nextSet === undefined ? {} : { next_set: c.nextSet.encode() }),
    ...(c.commitVotes === undefined ? {} : { commit_votes: c.commitVotes }),
  };
  return encodeWith(codec, raw);
}

/** Strictly decode a record; anything malformed is a {@link DomainsError} APP_RECORD. */
export function decodeAppRecord(b: Uint8Array): AppRecord {
  try {
    const r = decodeWith(codec, b, { maxSize: MAX_APP_RECORD_BYTES, maxDepth: 16 });
    const forVed = new Map<bigint, Record<string, Uint8Array>>();
    for (const f of r.for_ved) {
      if (forVed.size > 0 && f.epoch <= [...forVed.keys()].at(-1)!) {
        throw new DomainsError(DomainsError.APP_RECORD, 'UED records not in increasing epoch order');
      }
      forVed.set(f.epoch, f.records);
    }
    const carry: Carry = {
      vedSet: VedAccountSet.decode(r.ved_set),
      ...(r.next_set === undefined ? {} : { nextSet: VedAccountSet.decode(r.next_set) }),
      toVed: r.to_ved,
      forVed,
      ...(r.commit_votes === undefined ? {} : { commitVotes: r.commit_votes }),
    };
    return {
      chainContext: r.chain_context,
      height: r.height,
      timeMs: r.time_ms,
      vedHash: r.ved_hash,
      vedRoot: r.ved_root,
      uedHeight: r.ued_height,
      uedHash: r.ued_hash,
      uedRoot: r.ued_root,
      carry,
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
