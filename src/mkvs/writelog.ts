/**
 * Write logs (spec/oasis.md §1.7): entries `[key, value]` as CBOR 2-arrays, `null` value = delete.
 * Tandem emits them sorted by key so that equal logs encode equally.
 */
import {
  array,
  bytes,
  type Codec,
  cborHeadLength,
  compareBytes,
  nullable,
  putCborHead,
  tuple,
} from '../common/index.js';

/** One change: a key and its new value, or null for a removal. */
export interface LogEntry {
  key: Uint8Array;
  value: Uint8Array | null;
}
export type WriteLog = LogEntry[];

const MAX_LOG_KEY = 8191;
const MAX_LOG_VALUE = 16 * 1024 * 1024;
const entryTuple = tuple<[Uint8Array, Uint8Array | null]>(bytes({ max: MAX_LOG_KEY }), nullable(bytes()));

function validKey(k: unknown): k is Uint8Array {
  return k instanceof Uint8Array && k.length <= MAX_LOG_KEY;
}

function validValue(v: unknown): v is Uint8Array | null {
  return v === null || (v instanceof Uint8Array && v.length <= MAX_LOG_VALUE);
}

/**
 * Codec for a write log, at most `max` entries. A batch's logs hold thousands of entries, so a
 * log whose entries are all well formed is converted in one pass (one array or object per
 * entry, no per-element error paths built); anything else goes through the element codecs,
 * which find and word the error exactly as before.
 */
export function writeLogCodec(max = 1 << 20): Codec<WriteLog> {
  const arr = array(entryTuple, max);
  const strictTo = (v: WriteLog, p: string) =>
    arr.toCbor(
      v.map((e) => [e.key, e.value] as [Uint8Array, Uint8Array | null]),
      p,
    );
  return {
    name: 'WriteLog',
    toCbor(v, p) {
      if (!Array.isArray(v) || v.length > max) return strictTo(v, p);
      const out = new Array<[Uint8Array, Uint8Array | null]>(v.length);
      for (let i = 0; i < v.length; i++) {
        const e = v[i]!;
        if (!validKey(e.key) || !validValue(e.value)) return strictTo(v, p);
        out[i] = [e.key, e.value];
      }
      return out;
    },
    fromCbor(r, p) {
      if (!Array.isArray(r) || r.length > max)
        return arr.fromCbor(r, p).map(([key, value]) => ({ key, value }));
      const out = new Array<LogEntry>(r.length);
      for (let i = 0; i < r.length; i++) {
        const x: unknown = r[i];
        if (!Array.isArray(x) || x.length !== 2 || !validKey(x[0]) || !validValue(x[1])) {
          return arr.fromCbor(r, p).map(([key, value]) => ({ key, value }));
        }
        out[i] = { key: x[0], value: x[1] };
      }
      return out;
    },
  };
}

/**
 * The canonical CBOR of `log` as {@link writeLogCodec}`(max)` and the canonical encoder would
 * write it, in one pass into one exactly sized array (no `[key, value]` array per entry, no
 * generic walk): a batch response carries thousands of entries. Undefined when the log is not
 * one the codec's one-pass conversion accepts (then the codec decides, and words any error).
 */
export function writeLogBytes(log: WriteLog, max = 1 << 20): Uint8Array | undefined {
  if (!Array.isArray(log) || log.length > max) return undefined;
  let n = cborHeadLength(log.length);
  for (let i = 0; i < log.length; i++) {
    const e = log[i]!;
    if (!validKey(e.key) || !validValue(e.value)) return undefined;
    const v = e.value;
    n +=
      1 +
      cborHeadLength(e.key.length) +
      e.key.length +
      (v === null ? 1 : cborHeadLength(v.length) + v.length);
  }
  const out = new Uint8Array(n);
  let at = putCborHead(out, 0, 4, log.length);
  for (let i = 0; i < log.length; i++) {
    const { key, value } = log[i]!;
    out[at++] = 0x82;
    at = putCborHead(out, at, 2, key.length);
    out.set(key, at);
    at += key.length;
    if (value === null) out[at++] = 0xf6;
    else {
      at = putCborHead(out, at, 2, value.length);
      out.set(value, at);
      at += value.length;
    }
  }
  return out;
}

/** Sort a write log by key (a prefix sorts before its extensions). */
export function sortWriteLog(log: WriteLog): WriteLog {
  return [...log].sort((a, b) => compareBytes(a.key, b.key));
}
