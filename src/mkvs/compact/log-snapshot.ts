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
import {
  chunkEntryBytes,
  encodeChunkDirect,
  encodeChunkFromSource,
  type SnapshotSource,
} from './log-encode.js';
import { chunkKey, logKey, manifestKey, NS_KEY } from './log-keys.js';
import { supersededBy } from './log-read.js';
import { CHUNK_MAX_ENTRIES, CHUNK_TARGET_BYTES, encodeManifest, MAX_VALUE_BYTES } from './log-records.js';
import type { LogOp, SerialWriter } from './log-writer.js';

/**
 * A snapshot's content: every entry of one version, sorted by key, keys unique; as pairs, or as
 * a {@link SnapshotSource} (a resident tree's entries read in place, the cheap way).
 */
export type SnapshotEntries = Iterable<readonly [Uint8Array, Uint8Array]> | SnapshotSource;

export type { SnapshotSource } from './log-encode.js';

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

function isSource(entries: SnapshotEntries): entries is SnapshotSource {
  return typeof (entries as Partial<SnapshotSource>).copyKey === 'function';
}

/** Read and encode every entry now (see the module header); WRITE_LOG for a bad entry. */
export function encodeSnapshot(version: bigint, entries: SnapshotEntries): EncodedSnapshot {
  if (isSource(entries)) return encodeSourceSnapshot(version, entries);
  // An array's pairs are used as they are (no object per entry); an iterator's are copied, as it
  // may reuse one pair object. The bytes must stay unchanged until this returns.
  const pairs: readonly (readonly [Uint8Array, Uint8Array])[] = Array.isArray(entries)
    ? entries
    : Array.from(entries, (e) => [e?.[0], e?.[1]] as const);
  const chunks: Uint8Array[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < pairs.length; i++) {
    const e = pairs[i];
    const key = e?.[0];
    const value = e?.[1];
    if (!(key instanceof Uint8Array) || key.length > MAX_KEY_BYTES) refuse(`snapshot entry ${i}: bad key`);
    if (!(value instanceof Uint8Array) || value.length > MAX_VALUE_BYTES)
      refuse(`snapshot entry ${i}: bad value`);
    if (i > 0 && compareBytes(pairs[i - 1]![0], key) >= 0)
      refuse(`snapshot entry ${i} is not after its predecessor`);
    const n = key.length + value.length;
    if (i - start === CHUNK_MAX_ENTRIES || (i > start && size + n > CHUNK_TARGET_BYTES)) {
      chunks.push(encodeChunkDirect(version, chunks.length, pairs, start, i));
      start = i;
      size = 0;
    }
    size += n;
  }
  if (pairs.length > start)
    chunks.push(encodeChunkDirect(version, chunks.length, pairs, start, pairs.length));
  return { chunks, entries: pairs.length };
}

/**
 * {@link encodeSnapshot} of a source: the same checks (lengths bounded; each key after its
 * predecessor, when the source can compare them), the same chunk boundaries and bytes, in two
 * passes (sizes, then bytes) with no per-entry object or copy on the way.
 */
function encodeSourceSnapshot(version: bigint, src: SnapshotSource): EncodedSnapshot {
  const count = src.size;
  // Chunk c holds entries [starts[c], starts[c + 1]) whose encoded entries take bytes[c].
  const starts: number[] = [0];
  const bytes: number[] = [];
  let start = 0;
  let size = 0;
  let encoded = 0;
  for (let i = 0; i < count; i++) {
    const k = src.keyLength(i);
    const v = src.valueLength(i);
    if (k > MAX_KEY_BYTES) refuse(`snapshot entry ${i}: bad key`);
    if (v > MAX_VALUE_BYTES) refuse(`snapshot entry ${i}: bad value`);
    if (i > 0 && src.compareKeys !== undefined && src.compareKeys(i - 1, i) >= 0)
      refuse(`snapshot entry ${i} is not after its predecessor`);
    if (i - start === CHUNK_MAX_ENTRIES || (i > start && size + k + v > CHUNK_TARGET_BYTES)) {
      starts.push(i);
      bytes.push(encoded);
      start = i;
      size = 0;
      encoded = 0;
    }
    size += k + v;
    encoded += chunkEntryBytes(k, v);
  }
  if (count > start) bytes.push(encoded);
  starts[bytes.length] = count;
  const chunks: Uint8Array[] = [];
  for (let c = 0; c < bytes.length; c++)
    chunks.push(encodeChunkFromSource(version, c, src, starts[c]!, starts[c + 1]!, bytes[c]!));
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
