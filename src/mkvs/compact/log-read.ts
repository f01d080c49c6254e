/**
 * Reading the state log back: what open finds (the latest snapshot, the last log, and what a
 * crash or a finished snapshot left to remove), and the snapshot and logs restore replays, every
 * record decoded strictly and checked against its neighbours before anything is applied.
 */
import type { ClassicLevel, KeyIteratorOptions } from 'classic-level';
import { compareBytes, TandemError } from '../../common/index.js';
import { MkvsError } from '../errors.js';
import {
  CHUNK_TAG,
  chunkIndex,
  chunkKey,
  keyVersion,
  LOG_TAG,
  logKey,
  MANIFEST_TAG,
  manifestKey,
  tagRange,
} from './log-keys.js';
import {
  decodeChunk,
  decodeLogRecord,
  decodeManifest,
  type LogRecord,
  type SnapshotManifest,
} from './log-records.js';

type Db = ClassicLevel<Uint8Array, Uint8Array>;
type KeyRange = KeyIteratorOptions<Uint8Array>;

/** What {@link scanLayout} finds. */
export interface StoreLayout {
  /** Version of the latest snapshot with a manifest. */
  snapshot: bigint | undefined;
  /** Version of the last log record. */
  lastLog: bigint | undefined;
  /** Keys to remove: older manifests, chunks of no manifest, logs the snapshot covers. */
  stale: Uint8Array[];
}

async function keysIn(db: Db, range: KeyRange): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const k of db.keys(range)) out.push(k);
  return out;
}

/**
 * The layout of the store: only the latest manifest counts (a snapshot replaces the ones before
 * it), chunks count only under it, and logs only after it.
 */
export async function scanLayout(db: Db, ns: Uint8Array | undefined): Promise<StoreLayout> {
  const manifests = await keysIn(db, tagRange(MANIFEST_TAG));
  const last = manifests.pop();
  const snapshot = last === undefined ? undefined : keyVersion(last);
  const stale = manifests;
  // Chunks past the manifest's count are leftovers too; an unreadable manifest is restore's to report.
  let chunks: number | undefined;
  if (snapshot !== undefined) chunks = await tryChunkCount(db, snapshot, ns);
  for (const k of await keysIn(db, tagRange(CHUNK_TAG))) {
    if (keyVersion(k) !== snapshot || (chunks !== undefined && chunkIndex(k) >= chunks)) stale.push(k);
  }
  if (snapshot !== undefined)
    stale.push(...(await keysIn(db, { gte: Uint8Array.of(LOG_TAG), lte: logKey(snapshot) })));
  const [lastLogKey] = await keysIn(db, { ...tagRange(LOG_TAG), reverse: true, limit: 1 });
  const lastLog = lastLogKey === undefined ? undefined : keyVersion(lastLogKey);
  return {
    snapshot,
    lastLog: lastLog !== undefined && lastLog > (snapshot ?? -1n) ? lastLog : undefined,
    stale,
  };
}

async function tryChunkCount(
  db: Db,
  version: bigint,
  ns: Uint8Array | undefined,
): Promise<number | undefined> {
  const raw = await db.get(manifestKey(version));
  if (raw === undefined) return undefined;
  try {
    return decodeManifest(raw, version, ns).chunks;
  } catch (e) {
    if (e instanceof TandemError) return undefined;
    throw e;
  }
}

/** Keys of what a snapshot of `version` supersedes: logs up to it, older manifests and chunks. */
export async function supersededBy(db: Db, version: bigint): Promise<Uint8Array[]> {
  return [
    ...(await keysIn(db, { gte: Uint8Array.of(LOG_TAG), lte: logKey(version) })),
    ...(await keysIn(db, { gte: Uint8Array.of(MANIFEST_TAG), lt: manifestKey(version) })),
    ...(await keysIn(db, { gte: Uint8Array.of(CHUNK_TAG), lt: chunkKey(version, 0) })),
  ];
}

/** The latest snapshot: its manifest and every entry of its chunks in order. */
export interface StoredSnapshot {
  manifest: SnapshotManifest;
  entries: [Uint8Array, Uint8Array][];
}

/** Read and check the latest snapshot, or undefined when there is none. */
export async function readSnapshot(db: Db, ns: Uint8Array | undefined): Promise<StoredSnapshot | undefined> {
  const [key] = await keysIn(db, { ...tagRange(MANIFEST_TAG), reverse: true, limit: 1 });
  if (key === undefined) return undefined;
  const version = keyVersion(key);
  const manifest = decodeManifest((await db.get(key))!, version, ns);
  const entries: [Uint8Array, Uint8Array][] = [];
  for (let i = 0; i < manifest.chunks; i++) {
    const raw = await db.get(chunkKey(version, i));
    if (raw === undefined) corrupt(`chunk ${i} of the snapshot of version ${version} is missing`);
    const chunk = decodeChunk(raw, version, i);
    const prev = entries.at(-1);
    if (prev !== undefined && compareBytes(prev[0], chunk.entries[0]![0]) >= 0) {
      corrupt(`chunk ${i} of the snapshot of version ${version} does not follow chunk ${i - 1}`);
    }
    for (const e of chunk.entries) entries.push(e);
  }
  if (entries.length !== manifest.entries) {
    corrupt(
      `the snapshot of version ${version} holds ${entries.length} entries, its manifest ${manifest.entries}`,
    );
  }
  return { manifest, entries };
}

/**
 * Every log record after version `after` (all of them when undefined), decoded and checked to
 * chain: each names the one before it (the first names `after`, or nothing in a store without a
 * snapshot), so a missing record is STATE_LOG_GAP.
 */
export async function readLogs(
  db: Db,
  after: bigint | undefined,
  ns: Uint8Array | undefined,
): Promise<LogRecord[]> {
  const range =
    after === undefined ? tagRange(LOG_TAG) : { gt: logKey(after), lt: Uint8Array.of(LOG_TAG + 1) };
  const out: LogRecord[] = [];
  let expected = after;
  for await (const [k, v] of db.iterator(range)) {
    const version = keyVersion(k);
    const r = decodeLogRecord(v, version, ns);
    if (r.prev !== expected) {
      const before = expected === undefined ? 'nothing' : `version ${expected}`;
      const names = r.prev === undefined ? 'nothing' : `version ${r.prev}`;
      throw new MkvsError(
        MkvsError.STATE_LOG_GAP,
        `log of version ${version} follows ${names}, but the store holds ${before} before it`,
      );
    }
    out.push(r);
    expected = version;
  }
  return out;
}

function corrupt(message: string): never {
  throw new MkvsError(MkvsError.STATE_LOG_CORRUPT, message);
}
