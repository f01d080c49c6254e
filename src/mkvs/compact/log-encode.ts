/**
 * The canonical bytes of a log record written directly into one exactly sized array: appending
 * is on every block's path, and this is one pass over the log (checking each entry and the key
 * order as it sizes them) and one copy, with no intermediate value. It writes what the record
 * codec writes (a test compares both); anything it does not vouch for gives undefined, and the
 * codec then encodes or words the error.
 */
import { compareBytes, putCborHead, putCborHead64 } from '../../common/index.js';
import { MkvsError } from '../errors.js';
import { MAX_KEY_BYTES } from '../key.js';
import type { WriteLog } from '../writelog.js';

const U64_MAX = 0xffffffffffffffffn;
const MAX_VALUE = 16 * 1024 * 1024;
/** The encoded text keys (canonical order: ns, log, prev, root, version). */
const NS = Uint8Array.of(0x62, 0x6e, 0x73);
const LOG = Uint8Array.of(0x63, 0x6c, 0x6f, 0x67);
const PREV = Uint8Array.of(0x64, 0x70, 0x72, 0x65, 0x76);
const ROOT = Uint8Array.of(0x64, 0x72, 0x6f, 0x6f, 0x74);
const VERSION = Uint8Array.of(0x67, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e);
const INDEX = Uint8Array.of(0x65, 0x69, 0x6e, 0x64, 0x65, 0x78);
const ENTRIES = Uint8Array.of(0x67, 0x65, 0x6e, 0x74, 0x72, 0x69, 0x65, 0x73);

function headLength(v: number | bigint): number {
  return v < 24 ? 1 : v < 0x100 ? 2 : v < 0x10000 ? 3 : v < 0x100000000 ? 5 : 9;
}

function isU64(v: unknown): v is bigint {
  return typeof v === 'bigint' && v >= 0n && v <= U64_MAX;
}

function is32(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array && v.length === 32;
}

/** Encoded size of `log` as a CBOR array of `[key, value|null]`, or -1 when an entry is not plain. */
function logSize(log: WriteLog, maxEntries: number): number {
  if (!Array.isArray(log) || log.length > maxEntries) return -1;
  let n = headLength(log.length);
  for (let i = 0; i < log.length; i++) {
    const e = log[i]!;
    const k = e?.key;
    const v = e?.value;
    if (!(k instanceof Uint8Array) || k.length > MAX_KEY_BYTES) return -1;
    if (v !== null && (!(v instanceof Uint8Array) || v.length > MAX_VALUE)) return -1;
    if (i > 0 && compareBytes(log[i - 1]!.key, k) >= 0) {
      throw new MkvsError(MkvsError.WRITE_LOG, `write log entry ${i} is not after its predecessor`);
    }
    n += 1 + headLength(k.length) + k.length + (v === null ? 1 : headLength(v.length) + v.length);
  }
  return n;
}

function put(out: Uint8Array, at: number, b: Uint8Array): number {
  out.set(b, at);
  return at + b.length;
}

function putBytes32(out: Uint8Array, at: number, b: Uint8Array): number {
  out[at] = 0x58;
  out[at + 1] = 32;
  out.set(b, at + 2);
  return at + 34;
}

/** The fields of a log record (as the record codec names them). */
export interface LogRecordFields {
  ns?: Uint8Array | undefined;
  prev?: bigint | undefined;
  root: Uint8Array;
  version: bigint;
  log: WriteLog;
}

/**
 * The record's canonical bytes, or undefined when a field or entry is not one this writer
 * vouches for. WRITE_LOG when the log is out of key order or repeats a key.
 */
export function encodeLogRecordDirect(r: LogRecordFields, maxEntries: number): Uint8Array | undefined {
  const { ns, prev, root, version, log } = r;
  if (!is32(root) || !isU64(version) || (ns !== undefined && !is32(ns))) return undefined;
  if (prev !== undefined && !isU64(prev)) return undefined;
  const listBytes = logSize(log, maxEntries);
  if (listBytes < 0) return undefined;
  const size =
    1 +
    (ns === undefined ? 0 : NS.length + 34) +
    LOG.length +
    listBytes +
    (prev === undefined ? 0 : PREV.length + headLength(prev)) +
    ROOT.length +
    34 +
    VERSION.length +
    headLength(version);
  const out = new Uint8Array(size);
  out[0] = 0xa0 | (3 + (ns === undefined ? 0 : 1) + (prev === undefined ? 0 : 1));
  let at = 1;
  if (ns !== undefined) at = putBytes32(out, put(out, at, NS), ns);
  at = putCborHead(out, put(out, at, LOG), 4, log.length);
  for (let i = 0; i < log.length; i++) {
    const { key, value } = log[i]!;
    out[at++] = 0x82;
    at = put(out, putCborHead(out, at, 2, key.length), key);
    if (value === null) out[at++] = 0xf6;
    else at = put(out, putCborHead(out, at, 2, value.length), value);
  }
  if (prev !== undefined) at = putCborHead64(out, put(out, at, PREV), 0, prev);
  at = putBytes32(out, put(out, at, ROOT), root);
  putCborHead64(out, put(out, at, VERSION), 0, version);
  return out;
}

/**
 * The canonical bytes of snapshot chunk `index` of `version` holding `pairs[from, to)` (checked
 * by the caller: keys sorted and bounded, values bounded), as the chunk codec writes them.
 */
export function encodeChunkDirect(
  version: bigint,
  index: number,
  pairs: readonly (readonly [Uint8Array, Uint8Array])[],
  from: number,
  to: number,
): Uint8Array {
  let size = 1 + INDEX.length + headLength(index) + ENTRIES.length + headLength(to - from);
  size += VERSION.length + headLength(version);
  for (let i = from; i < to; i++) {
    const [k, v] = pairs[i]!;
    size += 1 + headLength(k.length) + k.length + headLength(v.length) + v.length;
  }
  const out = new Uint8Array(size);
  out[0] = 0xa3;
  let at = putCborHead(out, put(out, 1, INDEX), 0, index);
  at = putCborHead(out, put(out, at, ENTRIES), 4, to - from);
  for (let i = from; i < to; i++) {
    const [k, v] = pairs[i]!;
    out[at++] = 0x82;
    at = put(out, putCborHead(out, at, 2, k.length), k);
    at = put(out, putCborHead(out, at, 2, v.length), v);
  }
  putCborHead64(out, put(out, at, VERSION), 0, version);
  return out;
}

/**
 * Entries held in place (a resident tree's arena), read by index in key order without an object
 * or a view per entry: the snapshot writer asks each entry's lengths, compares neighbours' keys
 * and has the bytes copied straight into its chunk. The content must not change while it is read.
 */
export interface SnapshotSource {
  /** Number of entries. */
  readonly size: number;
  /** Byte length of entry `i`'s key. */
  keyLength(i: number): number;
  /** Byte length of entry `i`'s value. */
  valueLength(i: number): number;
  /**
   * Bytewise comparison of entry `a`'s key with entry `b`'s (negative when `a` sorts first), for
   * the writer's order check; absent when the source's order holds by construction (a trie walk).
   */
  compareKeys?(a: number, b: number): number;
  /** Copy entry `i`'s key into `to` at `at`. */
  copyKey(i: number, to: Uint8Array, at: number): void;
  /** Copy entry `i`'s value into `to` at `at`. */
  copyValue(i: number, to: Uint8Array, at: number): void;
}

/** Encoded bytes of one chunk entry with a key of `k` bytes and a value of `v`. */
export function chunkEntryBytes(k: number, v: number): number {
  return 1 + headLength(k) + k + headLength(v) + v;
}

/**
 * {@link encodeChunkDirect} for entries `[from, to)` of `src` (checked by the caller the same
 * way), whose encoded entries take `entryBytes` (the sum of {@link chunkEntryBytes}): the same
 * bytes, each key and value copied from its place into the chunk.
 */
export function encodeChunkFromSource(
  version: bigint,
  index: number,
  src: SnapshotSource,
  from: number,
  to: number,
  entryBytes: number,
): Uint8Array {
  let size = 1 + INDEX.length + headLength(index) + ENTRIES.length + headLength(to - from);
  size += VERSION.length + headLength(version) + entryBytes;
  const out = new Uint8Array(size);
  out[0] = 0xa3;
  let at = putCborHead(out, put(out, 1, INDEX), 0, index);
  at = putCborHead(out, put(out, at, ENTRIES), 4, to - from);
  for (let i = from; i < to; i++) {
    const k = src.keyLength(i);
    const v = src.valueLength(i);
    out[at++] = 0x82;
    at = putCborHead(out, at, 2, k);
    src.copyKey(i, out, at);
    at = putCborHead(out, at + k, 2, v);
    src.copyValue(i, out, at);
    at += v;
  }
  putCborHead64(out, put(out, at, VERSION), 0, version);
  return out;
}
