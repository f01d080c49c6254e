/** Byte helpers. All functions treat inputs as read-only and never alias their outputs to inputs. */
import { timingSafeEqual } from 'node:crypto';
import { CommonError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Strings up to this length that are all ASCII are encoded directly (see {@link utf8}). */
const ASCII_DIRECT = 128;

/**
 * UTF-8 encode a string. Short ASCII strings (keys, method names, event tags) are copied a char
 * at a time: a TextEncoder call costs several times more on them. Same bytes either way.
 */
export function utf8(s: string): Uint8Array {
  const n = s.length;
  if (n > ASCII_DIRECT) return encoder.encode(s);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(s);
    out[i] = c;
  }
  return out;
}

// Buffer's latin1 reader accepts any Uint8Array, so no Buffer is made per key (about half the
// cost of wrapping one, and of String.fromCharCode over the bytes).
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(s: number, e: number): string })
  .latin1Slice;

/**
 * A string key standing for bytes in a `Map` or `Set` (one char per byte, so key order is byte
 * order): cheaper to build and to hash than hex. Not for display, never hashed or stored.
 */
export function bytesKey(b: Uint8Array): string {
  return latin1Slice.call(b, 0, b.length);
}

/** The bytes a {@link bytesKey} stands for (a fresh array). */
export function bytesOfKey(k: string): Uint8Array {
  const out = new Uint8Array(k.length);
  for (let i = 0; i < k.length; i++) out[i] = k.charCodeAt(i);
  return out;
}

/** Strict UTF-8 decode: invalid sequences throw. */
export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

/** Concatenate byte arrays into a new array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  return concatAll(parts);
}

/** {@link concatBytes} of an array of any length (no spread: a long list cannot overflow the stack). */
export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Byte equality; not constant-time (use {@link constantTimeEqual} for secrets). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Constant-time equality for secrets and MACs; lengths are not secret. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** Bytewise lexicographic comparison; a prefix sorts before its extensions. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Copy `b` into a fresh, unshared array (decoders return views into their input). */
export function copyBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

/** Require an exact length, with a coded error naming what was checked. */
export function assertLength(b: Uint8Array, len: number, what: string): Uint8Array {
  if (!(b instanceof Uint8Array) || b.length !== len) {
    throw new CommonError(CommonError.INVALID_LENGTH, `${what}: expected ${len} bytes, got ${b?.length}`);
  }
  return b;
}

/** u16 little-endian (MKVS depths). */
export function u16le(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff);
}

/** u32 little-endian (MKVS hash preimages). */
export function u32le(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
}

/** u32 big-endian (RHP frame lengths). */
export function u32be(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** u64 big-endian from a bigint or safe integer (runtime-id flags, beacon inputs). */
export function u64be(v: bigint | number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(v));
  return out;
}

/** u64 little-endian from a bigint or safe integer. */
export function u64le(v: bigint | number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(v), true);
  return out;
}

/** Read a u64 big-endian value. */
export function readU64be(b: Uint8Array, off = 0): bigint {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(off);
}
