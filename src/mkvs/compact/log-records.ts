/**
 * The values of the state log (keys in `log-keys.ts`): a version's log record, a snapshot chunk
 * and a snapshot manifest, each one canonical CBOR map. Encoding checks what decoding will
 * check, so the store never writes a record it would refuse to read back; decoding is strict and
 * bounded, and anything malformed, oversized or inconsistent with its key is STATE_LOG_CORRUPT
 * (a record of another namespace NAMESPACE_MISMATCH), never a partial result.
 */
import {
  bytes32,
  bytesEqual,
  CborError,
  type Codec,
  compareBytes,
  EncodedCbor,
  encodePlain,
  encodeWith,
  type Infer,
  optional,
  struct,
  TandemError,
  u32,
  u64,
  uint,
} from '../../common/index.js';
import { MkvsError } from '../errors.js';
import { MAX_KEY_BYTES } from '../key.js';
import { type LogEntry, type WriteLog, writeLogBytes, writeLogCodec } from '../writelog.js';
import { type FieldSpec, type ListSpec, readRecord } from './log-decode.js';
import { encodeLogRecordDirect } from './log-encode.js';

/** Most entries in one version's write log. */
export const MAX_LOG_ENTRIES = 1 << 20;
/** Largest encoded log record (a genesis-sized log; a block's is a few tens of KiB). */
export const MAX_LOG_RECORD_BYTES = 256 * 1024 * 1024;
/** Largest value of one entry (as write logs allow). */
export const MAX_VALUE_BYTES = 16 * 1024 * 1024;
/** A snapshot chunk closes before its keys and values pass this many bytes (one entry may). */
export const CHUNK_TARGET_BYTES = 4 * 1024 * 1024;
/** Most entries in one snapshot chunk. */
export const CHUNK_MAX_ENTRIES = 50_000;
/** Largest encoded chunk: the larger payload bound plus at most 11 bytes of heads per entry. */
const MAX_CHUNK_BYTES =
  Math.max(CHUNK_TARGET_BYTES, MAX_KEY_BYTES + MAX_VALUE_BYTES) + CHUNK_MAX_ENTRIES * 11 + 64;

/** Codec of log records (encoding; the direct reader decodes). */
export const logRecordCodec = struct(
  {
    ns: optional(bytes32),
    prev: optional(u64),
    root: bytes32,
    version: u64,
    log: writeLogCodec(MAX_LOG_ENTRIES),
  },
  'StateLogRecord',
);
/** Codec of snapshot chunks. */
export const chunkCodec = struct(
  { version: u64, index: u32, entries: writeLogCodec(CHUNK_MAX_ENTRIES) },
  'StateSnapshotChunk',
);
/** Codec of snapshot manifests. */
export const manifestCodec = struct(
  { ns: optional(bytes32), version: u64, root: bytes32, chunks: u32, entries: uint() },
  'StateSnapshotManifest',
);

/** One version's record: its root, its sorted write log, and the version before it (absent for a store's first). */
export type LogRecord = Infer<typeof logRecordCodec>;
/** One chunk of a snapshot: entries with non-null values, sorted, continuing the previous chunk. */
export type SnapshotChunk = Infer<typeof chunkCodec>;
/** Written after every chunk of a snapshot: the snapshot exists only once this does. */
export type SnapshotManifest = Infer<typeof manifestCodec>;

function corrupt(message: string): never {
  throw new MkvsError(MkvsError.STATE_LOG_CORRUPT, message);
}

/** Index of the first entry not strictly after its predecessor, or -1 when sorted and unique. */
export function firstUnsorted(log: readonly LogEntry[]): number {
  for (let i = 1; i < log.length; i++) {
    if (compareBytes(log[i - 1]!.key, log[i]!.key) >= 0) return i;
  }
  return -1;
}

/** NAMESPACE_MISMATCH unless `found` is `expected` (both absent counts as equal). */
export function checkNamespace(
  found: Uint8Array | undefined,
  expected: Uint8Array | undefined,
  what: string,
): void {
  const same =
    found === undefined ? expected === undefined : expected !== undefined && bytesEqual(found, expected);
  if (!same) throw new MkvsError(MkvsError.NAMESPACE_MISMATCH, `${what} belongs to another namespace`);
}

/**
 * Canonical bytes of `r` with its large entry list `list` written by the one-pass log writer
 * (a block's log costs a copy, not an array per entry); the codec encodes anything that writer
 * declines, and words its error. Any error is WRITE_LOG: the caller handed a bad record.
 */
function encodeWithList<T extends object>(
  codec: Codec<T>,
  r: T,
  field: keyof T & string,
  list: WriteLog,
  maxEntries: number,
): Uint8Array {
  try {
    const listBytes = writeLogBytes(list, maxEntries);
    if (listBytes !== undefined) {
      // The codec checks every other field (and converts nothing but the list, which it skips).
      const plain = codec.toCbor({ ...r, [field]: [] }, '') as Record<string, unknown>;
      plain[field] = new EncodedCbor(listBytes);
      const out = encodePlain(plain);
      if (out !== undefined) return out;
    }
    return encodeWith(codec, r);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new MkvsError(MkvsError.WRITE_LOG, `cannot encode ${codec.name}: ${e.message}`);
  }
}

const LOG_FIELDS: readonly FieldSpec[] = [
  { name: 'ns', kind: 'bytes32', optional: true },
  { name: 'log', kind: 'list' },
  { name: 'prev', kind: 'u64', optional: true },
  { name: 'root', kind: 'bytes32' },
  { name: 'version', kind: 'u64' },
];
const CHUNK_FIELDS: readonly FieldSpec[] = [
  { name: 'index', kind: 'u32' },
  { name: 'entries', kind: 'list' },
  { name: 'version', kind: 'u64' },
];
const MANIFEST_FIELDS: readonly FieldSpec[] = [
  { name: 'ns', kind: 'bytes32', optional: true },
  { name: 'root', kind: 'bytes32' },
  { name: 'chunks', kind: 'u32' },
  { name: 'entries', kind: 'uint' },
  { name: 'version', kind: 'u64' },
];
const logList: ListSpec<LogEntry> = {
  maxEntries: MAX_LOG_ENTRIES,
  maxValue: MAX_VALUE_BYTES,
  nullable: true,
  entry: (key, value) => ({ key, value }),
};
const chunkList: ListSpec<[Uint8Array, Uint8Array | null]> = {
  maxEntries: CHUNK_MAX_ENTRIES,
  maxValue: MAX_VALUE_BYTES,
  nullable: true,
  entry: (key, value) => [key, value],
};

/** Each record kind's fields, list bounds and codec (for the test comparing both decoders). */
export const RECORD_FORMATS = {
  log: { fields: LOG_FIELDS, list: logList, codec: logRecordCodec, maxSize: MAX_LOG_RECORD_BYTES },
  chunk: { fields: CHUNK_FIELDS, list: chunkList, codec: chunkCodec, maxSize: MAX_CHUNK_BYTES },
  manifest: { fields: MANIFEST_FIELDS, list: logList, codec: manifestCodec, maxSize: 256 },
} as const;

/** A chunk as read back: its entries as the pairs `Restorable.load` takes (views of the record). */
export interface StoredChunk {
  version: bigint;
  index: number;
  entries: [Uint8Array, Uint8Array][];
}

/** Read a record with the direct strict reader (see `log-decode.ts`); STATE_LOG_CORRUPT when it refuses. */
function read<T>(
  b: Uint8Array,
  maxSize: number,
  fields: readonly FieldSpec[],
  list: ListSpec<unknown>,
  codec: Codec<unknown>,
  what: string,
): T {
  try {
    return readRecord<T>(b, maxSize, fields, list, codec.name);
  } catch (e) {
    if (!(e instanceof CborError)) throw e;
    return corrupt(`${what}: ${e.message}`);
  }
}

/**
 * Encode a log record (directly, see `log-encode.ts`; through the codec when that declines);
 * WRITE_LOG when the log is unsorted, repeats a key or breaks a bound.
 */
export function encodeLogRecord(r: LogRecord): Uint8Array {
  if (!Array.isArray(r.log)) throw new MkvsError(MkvsError.WRITE_LOG, 'write log must be an array');
  let out = encodeLogRecordDirect(r, MAX_LOG_ENTRIES);
  if (out === undefined) {
    const bad = firstUnsorted(r.log);
    if (bad >= 0)
      throw new MkvsError(MkvsError.WRITE_LOG, `write log entry ${bad} is not after its predecessor`);
    out = encodeWithList(logRecordCodec, r, 'log', r.log, MAX_LOG_ENTRIES);
  }
  if (out.length > MAX_LOG_RECORD_BYTES) {
    throw new MkvsError(
      MkvsError.WRITE_LOG,
      `log record of ${out.length} bytes exceeds ${MAX_LOG_RECORD_BYTES}`,
    );
  }
  return out;
}

/** Strictly decode the record stored under version `version` of a store bound to `ns`. */
export function decodeLogRecord(b: Uint8Array, version: bigint, ns: Uint8Array | undefined): LogRecord {
  const what = `log record of version ${version}`;
  const r = read<LogRecord>(b, MAX_LOG_RECORD_BYTES, LOG_FIELDS, logList, logRecordCodec, what);
  if (r.version !== version) corrupt(`${what} holds version ${r.version}`);
  if (r.prev !== undefined && r.prev >= version)
    corrupt(`${what} names version ${r.prev} as its predecessor`);
  const bad = firstUnsorted(r.log);
  if (bad >= 0) corrupt(`${what}: entry ${bad} is not after its predecessor`);
  checkNamespace(r.ns, ns, what);
  return r;
}

/** Strictly decode chunk `index` of the snapshot of `version`. */
export function decodeChunk(b: Uint8Array, version: bigint, index: number): StoredChunk {
  const what = `chunk ${index} of the snapshot of version ${version}`;
  const c = read<StoredChunk>(b, MAX_CHUNK_BYTES, CHUNK_FIELDS, chunkList, chunkCodec, what);
  if (c.version !== version || c.index !== index)
    corrupt(`${what} holds chunk ${c.index} of version ${c.version}`);
  if (c.entries.length === 0) corrupt(`${what} is empty`);
  let size = 0;
  const es = c.entries;
  for (let i = 0; i < es.length; i++) {
    const [k, v] = es[i]!;
    if (v === null) corrupt(`${what} holds a removal`);
    if (i > 0 && compareBytes(es[i - 1]![0], k) >= 0)
      corrupt(`${what}: entry ${i} is not after its predecessor`);
    size += k.length + v.length;
  }
  if (es.length > 1 && size > CHUNK_TARGET_BYTES) corrupt(`${what} holds ${size} bytes`);
  return c;
}

/** Encode a snapshot manifest. */
export function encodeManifest(m: SnapshotManifest): Uint8Array {
  return encodeWith(manifestCodec, m);
}

/** Strictly decode the manifest stored under `version` of a store bound to `ns`. */
export function decodeManifest(b: Uint8Array, version: bigint, ns: Uint8Array | undefined): SnapshotManifest {
  const what = `snapshot manifest of version ${version}`;
  const m = read<SnapshotManifest>(b, 256, MANIFEST_FIELDS, logList, manifestCodec, what);
  if (m.version !== version) corrupt(`${what} holds version ${m.version}`);
  const consistent =
    m.chunks <= m.entries &&
    m.entries <= m.chunks * CHUNK_MAX_ENTRIES &&
    (m.chunks === 0) === (m.entries === 0);
  if (!consistent) corrupt(`${what}: ${m.entries} entries cannot fill ${m.chunks} chunks`);
  checkNamespace(m.ns, ns, what);
  return m;
}
