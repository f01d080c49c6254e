/**
 * A small output buffer for the fixed-layout canonical CBOR encoders of the consensus hot path
 * (blocks, commits, votes, WAL and state records). The encoders write map keys in the canonical
 * order themselves (shorter key first, then bytewise), so nothing is sorted at run time; tests
 * compare every encoder with the generic schema codec. Values are range-checked as they are
 * written, so a malformed object fails with a coded error instead of producing bytes.
 */
import { allocBytes } from './byte-slab.js';
import { BftError } from './errors.js';

const U64_MAX = 0xffffffffffffffffn;

function bad(what: string): never {
  throw new BftError(BftError.MALFORMED_MESSAGE, `cannot encode ${what}`);
}

/** The encoded form of a short ASCII text map key (header byte then the characters). */
export function textKey(k: string): Uint8Array {
  const out = new Uint8Array(1 + k.length);
  out[0] = 0x60 + k.length;
  for (let i = 0; i < k.length; i++) out[i + 1] = k.charCodeAt(i);
  return out;
}

/** Growable byte buffer with CBOR head, integer, byte-string and text writers. */
export class CborWriter {
  private buf: Uint8Array;
  private off = 0;

  constructor(capacity = 256) {
    this.buf = allocBytes(capacity);
  }

  private room(n: number): void {
    if (this.off + n <= this.buf.length) return;
    const next = allocBytes(Math.max(this.buf.length * 2, this.off + n));
    next.set(this.buf.subarray(0, this.off));
    this.buf = next;
  }

  /** A head of major type `major` with argument `v` (a non-negative integer below 2^32). */
  head(major: number, v: number): this {
    this.room(5);
    const b = this.buf;
    const o = this.off;
    const m = major << 5;
    if (v < 24) {
      b[o] = m | v;
      this.off = o + 1;
    } else if (v < 0x100) {
      b[o] = m | 24;
      b[o + 1] = v;
      this.off = o + 2;
    } else if (v < 0x10000) {
      b[o] = m | 25;
      b[o + 1] = v >>> 8;
      b[o + 2] = v & 0xff;
      this.off = o + 3;
    } else {
      b[o] = m | 26;
      b[o + 1] = v >>> 24;
      b[o + 2] = (v >>> 16) & 0xff;
      b[o + 3] = (v >>> 8) & 0xff;
      b[o + 4] = v & 0xff;
      this.off = o + 5;
    }
    return this;
  }

  /** An unsigned integer given as a number, checked to be an integer in 0..`max` (≤ 2^32−1). */
  uint(v: number, max: number, what: string): this {
    if (!Number.isInteger(v) || v < 0 || v > max) bad(what);
    return this.head(0, v);
  }

  /** A signed safe integer (negative values as major type 1). */
  int(v: number, what: string): this {
    if (!Number.isSafeInteger(v)) bad(what);
    if (v >= 0) return v <= 0xffffffff ? this.head(0, v) : this.big(0, BigInt(v));
    return -1 - v <= 0xffffffff ? this.head(1, -1 - v) : this.big(1, BigInt(-1 - v));
  }

  /** An unsigned 64-bit integer given as a bigint. */
  u64(v: bigint, what: string): this {
    if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) bad(what);
    return v <= 0xffffffffn ? this.head(0, Number(v)) : this.big(0, v);
  }

  private big(major: number, v: bigint): this {
    this.room(9);
    this.buf[this.off] = (major << 5) | 27;
    for (let i = 8; i >= 1; i--) {
      this.buf[this.off + i] = Number(v & 0xffn);
      v >>= 8n;
    }
    this.off += 9;
    return this;
  }

  /** A byte string; `len`, when given, is the exact length required, else `max` bounds it. */
  bytes(b: Uint8Array, what: string, len?: number, max = 0xffffffff): this {
    if (!(b instanceof Uint8Array) || (len !== undefined && b.length !== len) || b.length > max) bad(what);
    this.head(2, b.length);
    return this.raw(b);
  }

  /** A text string of at most `max` UTF-16 code units (the schema codec's `text(max)` rule). */
  text(s: string, max: number, what: string): this {
    if (typeof s !== 'string' || s.length > max) bad(what);
    const u = Buffer.from(s, 'utf8');
    this.head(3, u.length);
    return this.raw(u);
  }

  /** A boolean. */
  bool(v: boolean, what: string): this {
    if (typeof v !== 'boolean') bad(what);
    return this.byte(v ? 0xf5 : 0xf4);
  }

  /** CBOR null. */
  nil(): this {
    return this.byte(0xf6);
  }

  /** One raw byte (a head whose argument is in the byte itself). */
  byte(x: number): this {
    this.room(1);
    this.buf[this.off++] = x;
    return this;
  }

  /** Bytes copied as they are: a pre-encoded key or an already canonical item. */
  raw(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.off);
    this.off += b.length;
    return this;
  }

  /** An array head of `n` items, checked against `max`. */
  array(n: number, max: number, what: string): this {
    if (n > max) bad(`${what}: more than ${max} items`);
    return this.head(4, n);
  }

  /** The bytes written (the buffer itself when it was sized exactly). */
  done(): Uint8Array {
    if (this.off === this.buf.length) return this.buf;
    const out = allocBytes(this.off);
    out.set(this.buf.subarray(0, this.off));
    return out;
  }
}
