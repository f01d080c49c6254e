/**
 * Write logs (spec/oasis.md §1.7): entries `[key, value]` as CBOR 2-arrays, `null` value = delete.
 * Tandem emits them sorted by key so that equal logs encode equally.
 */
import { array, bytes, type Codec, compareBytes, nullable, tuple } from '../common/index.js';

/** One change: a key and its new value, or null for a removal. */
export interface LogEntry {
  key: Uint8Array;
  value: Uint8Array | null;
}
export type WriteLog = LogEntry[];

const entryTuple = tuple<[Uint8Array, Uint8Array | null]>(bytes({ max: 8191 }), nullable(bytes()));

/** Codec for a write log, at most `max` entries. */
export function writeLogCodec(max = 1 << 20): Codec<WriteLog> {
  const arr = array(entryTuple, max);
  return {
    name: 'WriteLog',
    toCbor: (v, p) =>
      arr.toCbor(
        v.map((e) => [e.key, e.value] as [Uint8Array, Uint8Array | null]),
        p,
      ),
    fromCbor: (r, p) => arr.fromCbor(r, p).map(([key, value]) => ({ key, value })),
  };
}

/** Sort a write log by key (a prefix sorts before its extensions). */
export function sortWriteLog(log: WriteLog): WriteLog {
  return [...log].sort((a, b) => compareBytes(a.key, b.key));
}
