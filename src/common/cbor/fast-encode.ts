/**
 * A direct canonical CBOR writer for the plain values consensus encodes on every transaction
 * (events, transaction bodies, records, the re-encoding check of strict decoding): plain objects
 * with ASCII keys, arrays, byte arrays, ASCII strings, integers (safe numbers or 64-bit bigints),
 * booleans and null. It writes the same bytes as the generic encoder (cborg with the canonical
 * options: keys by encoded length, then bytewise; minimal integer and length heads) without its
 * token lists and sorting of encoded keys; anything else (other strings, floats, `undefined`
 * outside an object property, maps, other objects, deep nesting) gives undefined and the generic
 * encoder decides, so its errors and any value it alone handles are unchanged. A test compares
 * both over varied values.
 */

import { putCborHead64 } from './head.js';

/**
 * Bytes that already are the canonical encoding of exactly one item, written verbatim by
 * {@link encodePlain}: lets a caller encode a large, regular part of a value (a batch's write
 * logs, its inputs) with a direct writer and the rest as usual. The caller vouches for the bytes;
 * the generic encoder does not know this type, so a value holding one must not fall back to it.
 */
export class EncodedCbor {
  constructor(readonly bytes: Uint8Array) {}
}

/** Deeper values go to the generic encoder (which also detects cycles). */
const MAX_DEPTH = 32;
const U64_MAX = 0xffffffffffffffffn;

let buf = new Uint8Array(1024);
let off = 0;
/** Set while writing: a getter that encodes re-enters, and is then left to the generic encoder. */
let busy = false;

function room(n: number): void {
  if (off + n <= buf.length) return;
  const next = new Uint8Array(Math.max(buf.length * 2, off + n));
  next.set(buf.subarray(0, off));
  buf = next;
}

/** A minimal head of `major` with an argument in 0..2^64−1 (safe integer or bigint). */
function head(major: number, v: number | bigint): void {
  room(9);
  off = putCborHead64(buf, off, major, v);
}

/** An ASCII string as a text item; false (nothing sensible written) when it is not ASCII. */
function ascii(s: string): boolean {
  const n = s.length;
  head(3, n);
  room(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return false;
    buf[off++] = c;
  }
  return true;
}

/** Canonical order of ASCII text keys: shorter first, then by code units (= bytes). */
function keyOrder(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sorts in place; insertion sort for the usual handful of keys (no temporary arrays). */
function sortKeys(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort(keyOrder);
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keyOrder(keys[j]!, k) > 0) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
}

function writeObject(o: Record<string, unknown>, depth: number): boolean {
  const keys = Object.keys(o);
  let n = 0;
  for (const k of keys) if (o[k] !== undefined) keys[n++] = k;
  keys.length = n;
  sortKeys(keys);
  head(5, n);
  for (const k of keys) if (!ascii(k) || !write(o[k], depth)) return false;
  return true;
}

function writeArray(a: readonly unknown[], depth: number): boolean {
  head(4, a.length);
  for (let i = 0; i < a.length; i++) if (!write(a[i], depth)) return false;
  return true;
}

function writeNumber(v: number): boolean {
  if (!Number.isSafeInteger(v) || Object.is(v, -0)) return false;
  if (v >= 0) head(0, v);
  else head(1, -1 - v);
  return true;
}

function writeBigint(v: bigint): boolean {
  if (v >= 0n) {
    if (v > U64_MAX) return false;
    head(0, v);
  } else {
    if (-1n - v > U64_MAX) return false;
    head(1, -1n - v);
  }
  return true;
}

function writeBytes(b: Uint8Array): void {
  head(2, b.length);
  room(b.length);
  buf.set(b, off);
  off += b.length;
}

function write(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'number':
      return writeNumber(v);
    case 'bigint':
      return writeBigint(v);
    case 'string':
      return ascii(v);
    case 'boolean':
      room(1);
      buf[off++] = v ? 0xf5 : 0xf4;
      return true;
    case 'object':
      return writeRef(v, depth);
    default:
      return false;
  }
}

function writeRef(v: object | null, depth: number): boolean {
  if (v === null) {
    room(1);
    buf[off++] = 0xf6;
    return true;
  }
  if (depth >= MAX_DEPTH) return false;
  const proto = Object.getPrototypeOf(v);
  if (proto === Uint8Array.prototype || proto === Buffer.prototype) {
    writeBytes(v as Uint8Array);
    return true;
  }
  if (proto === Array.prototype) return writeArray(v as unknown[], depth + 1);
  if (proto === EncodedCbor.prototype) {
    const b = (v as EncodedCbor).bytes;
    room(b.length);
    buf.set(b, off);
    off += b.length;
    return true;
  }
  if (proto === Object.prototype) return writeObject(v as Record<string, unknown>, depth + 1);
  return false;
}

/**
 * The canonical encoding of `value` when it is one of the plain values above (the same bytes as
 * the generic canonical encoder), else undefined.
 */
export function encodePlain(value: unknown): Uint8Array | undefined {
  if (busy) return undefined;
  busy = true;
  off = 0;
  try {
    return write(value, 0) ? buf.slice(0, off) : undefined;
  } catch {
    // A throwing getter or proxy: the generic encoder meets it again and reports it its way.
    return undefined;
  } finally {
    busy = false;
    if (buf.length > 1 << 16) buf = new Uint8Array(1024);
  }
}
