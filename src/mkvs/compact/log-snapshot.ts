/**
 * Writing a snapshot. Its entries are read and encoded into chunks at once, before anything
 * waits, so the caller's tree may move on to the next version as soon as `snapshot` returns;
 * an entry out of order or out of bounds refuses the whole snapshot before a chunk is queued.
 * The chunks are then written in order behind every record queued before them, and the manifest
 * last, in one batch with the removal of what the snapshot supersedes: a crash before that batch
 * leaves chunks without a manifest, which open removes.
 */
import type { ClassicLevel } from 'classic-level';
import { compareBytes } from '../../common/index.js';
import { MkvsError } from '../errors.js';
import { MAX_KEY_BYTES } from '../key.js';
import type { LogEntry } from '../writelog.js';
import { chunkKey, logKey, manifestKey, NS_KEY } from './log-keys.js';
import { supersededBy } from './log-read.js';
import {
  CHUNK_MAX_ENTRIES,
  CHUNK_TARGET_BYTES,
  encodeChunk,
  encodeManifest,
  MAX_VALUE_BYTES,
} from './log-records.js';
import type { LogOp, SerialWriter } from './log-writer.js';

/** A snapshot's content: every entry of one version, sorted by key, keys unique. */
export type SnapshotEntries = Iterable<readonly [Uint8Array, Uint8Array]>;

/** A snapshot's encoded chunks and how many entries they hold. */
export interface EncodedSnapshot {
  chunks: Uint8Array[];
  entries: number;
}

/** The put of a log record. */
export function logOp(version: bigint, value: Uint8Array): LogOp {
  return { type: 'put', key: logKey(version), value };
}

function refuse(message: string): never {
  throw new MkvsError(MkvsError.WRITE_LOG, message);
}

/** Read and encode every entry now (see the module header); WRITE_LOG for a bad entry. */
export function encodeSnapshot(version: bigint, entries: SnapshotEntries): EncodedSnapshot {
  const chunks: Uint8Array[] = [];
  let chunk: LogEntry[] = [];
  let size = 0;
  let count = 0;
  let prev: Uint8Array | undefined;
  const close = () => {
    chunks.push(encodeChunk({ version, index: chunks.length, entries: chunk }));
    chunk = [];
    size = 0;
  };
  for (const e of entries) {
    const [key, value] = e;
    if (!(key instanceof Uint8Array) || key.length > MAX_KEY_BYTES)
      refuse(`snapshot entry ${count}: bad key`);
    if (!(value instanceof Uint8Array) || value.length > MAX_VALUE_BYTES) {
      refuse(`snapshot entry ${count}: bad value`);
    }
    if (prev !== undefined && compareBytes(prev, key) >= 0) {
      refuse(`snapshot entry ${count} is not after its predecessor`);
    }
    const n = key.length + value.length;
    if (chunk.length === CHUNK_MAX_ENTRIES || (chunk.length > 0 && size + n > CHUNK_TARGET_BYTES)) close();
    chunk.push({ key, value });
    size += n;
    prev = key;
    count++;
  }
  if (chunk.length > 0) close();
  return { chunks, entries: count };
}

/** What {@link writeSnapshot} writes. */
export interface SnapshotWrite {
  ns: Uint8Array | undefined;
  version: bigint;
  root: Uint8Array;
  encoded: EncodedSnapshot;
  /** Also bind the store to `ns` (its first write). */
  bindNamespace: boolean;
}

/** Queue the chunks, then write the manifest and remove what it supersedes. */
export async function writeSnapshot(
  db: ClassicLevel<Uint8Array, Uint8Array>,
  writer: SerialWriter,
  s: SnapshotWrite,
): Promise<void> {
  const { chunks, entries } = s.encoded;
  for (let i = 0; i < chunks.length; i++) {
    void writer.write([{ type: 'put', key: chunkKey(s.version, i), value: chunks[i]! }]);
  }
  // Every chunk, and every log the snapshot covers, is durable once this resolves.
  await writer.write([]);
  const manifest = encodeManifest({
    ns: s.ns,
    version: s.version,
    root: s.root,
    chunks: chunks.length,
    entries,
  });
  const ops: LogOp[] = [{ type: 'put', key: manifestKey(s.version), value: manifest }];
  for (const key of await supersededBy(db, s.version)) ops.push({ type: 'del', key });
  if (s.bindNamespace && s.ns !== undefined) ops.push({ type: 'put', key: NS_KEY, value: s.ns });
  await writer.write(ops);
}
