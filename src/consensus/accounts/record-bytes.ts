/**
 * A direct reader and writer of the common account-record layout, used before the generic schema
 * codec. The canonical encoding of `{nonce, owner, balance, mapping, moving_at?}` has one byte
 * layout (keys sorted by length then bytes, minimal integers and lengths). These functions handle
 * exactly that layout with an ASCII owner and return undefined for anything else, which then goes
 * through the generic codec; so they accept and produce precisely what the codec does (a test
 * checks the equivalence), without its decode, re-encode and compare for every account read.
 */
import { MAX_QUANTITY, putCborHead64, utf8 } from '../../common/index.js';
import type { AccountRecord } from './record.js';

const K_NONCE = utf8('nonce');
const K_OWNER = utf8('owner');
const K_BALANCE = utf8('balance');
const K_MAPPING = utf8('mapping');
const K_MOVING_AT = utf8('moving_at');
const MAX_U64 = 0xffffffffffffffffn;
const MAX_OWNER = 32;
const MAX_RECORD_BYTES = 256;
/** Balances below this fit the writer's one-byte length head (23 bytes); made once, not per call. */
const FAST_BALANCE_LIMIT = 1n << 184n;
const KNOWN_FIELDS = new Set(['balance', 'nonce', 'mapping', 'owner', 'moving_at']);

class Reader {
  off = 0;
  constructor(readonly b: Uint8Array) {}

  key(k: Uint8Array): boolean {
    const b = this.b;
    if (b[this.off] !== 0x60 + k.length) return false;
    for (let i = 0; i < k.length; i++) if (b[this.off + 1 + i] !== k[i]) return false;
    this.off += 1 + k.length;
    return true;
  }

  /** A minimal unsigned integer (major type 0). */
  uint(): bigint | undefined {
    const h = this.b[this.off++];
    if (h === undefined || h > 0x1b) return undefined;
    if (h < 0x18) return BigInt(h);
    const size = 1 << (h - 0x18);
    if (this.off + size > this.b.length) return undefined;
    let v = 0n;
    for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(this.b[this.off++]!);
    const min = size === 1 ? 24n : 1n << BigInt(4 * size);
    return v < min ? undefined : v;
  }

  /** A byte or text string header of major type `major` with a length below 24. */
  shortLength(major: number): number | undefined {
    const h = this.b[this.off++];
    if (h === undefined || h < major || h >= major + 24) return undefined;
    const n = h - major;
    return this.off + n > this.b.length ? undefined : n;
  }
}

/** The owner last read: nearly every record has the same one, so it is reused, not rebuilt. */
let lastOwner = 'system';

/** The printable-ASCII owner in `b[off..off+len]`, or undefined for any other byte. */
function readOwner(b: Uint8Array, off: number, len: number): string | undefined {
  let same = len === lastOwner.length;
  for (let i = 0; i < len; i++) {
    const c = b[off + i]!;
    if (c < 0x20 || c > 0x7e) return undefined;
    if (same && c !== lastOwner.charCodeAt(i)) same = false;
  }
  if (same) return lastOwner;
  let owner = '';
  for (let i = 0; i < len; i++) owner += String.fromCharCode(b[off + i]!);
  lastOwner = owner;
  return owner;
}

/**
 * The big-endian value of `b[from..to]`, six bytes at a time as exact integers (one or two
 * bigints for a usual balance instead of several per byte: this runs for every account read).
 */
function readBig(b: Uint8Array, from: number, to: number): bigint {
  const first = from + ((to - from) % 6 || 6);
  let v = BigInt(readNum(b, from, Math.min(first, to)));
  for (let i = first; i < to; i += 6) v = (v << 48n) | BigInt(readNum(b, i, i + 6));
  return v;
}

/** The big-endian value of at most six bytes. */
function readNum(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 256 + b[i]!;
  return n;
}

/** The record, or undefined when `b` is not in the common layout (use the generic codec). */
export function readAccountFast(b: Uint8Array): AccountRecord | undefined {
  if (b.length > MAX_RECORD_BYTES || (b[0] !== 0xa4 && b[0] !== 0xa5)) return undefined;
  const r = new Reader(b);
  r.off = 1;
  if (!r.key(K_NONCE)) return undefined;
  const nonce = r.uint();
  if (nonce === undefined || !r.key(K_OWNER)) return undefined;
  const ownerLen = r.shortLength(0x60);
  if (ownerLen === undefined || ownerLen > MAX_OWNER) return undefined;
  const owner = readOwner(b, r.off, ownerLen);
  if (owner === undefined) return undefined;
  r.off += ownerLen;
  if (!r.key(K_BALANCE)) return undefined;
  const balLen = r.shortLength(0x40);
  if (balLen === undefined || (balLen > 0 && b[r.off] === 0)) return undefined;
  const balance = readBig(b, r.off, r.off + balLen);
  r.off += balLen;
  if (!r.key(K_MAPPING)) return undefined;
  const mapping = b[r.off++];
  if (mapping === undefined || mapping < 1 || mapping > 4) return undefined;
  const rec: AccountRecord = { balance, nonce, mapping: mapping as AccountRecord['mapping'], owner };
  if (b[0] === 0xa5) {
    if (!r.key(K_MOVING_AT)) return undefined;
    const m = r.uint();
    if (m === undefined) return undefined;
    rec.moving_at = m;
  }
  return r.off === b.length ? rec : undefined;
}

// Records are written into one scratch buffer and copied out at their exact length: one
// allocation per record (this runs three times per transfer), not a number array and its copy.
const scratch = new Uint8Array(MAX_RECORD_BYTES);

/** Writes a minimal unsigned integer head at `o`; returns the offset after it. */
function putUint(b: Uint8Array, o: number, v: bigint): number {
  return putCborHead64(b, o, 0, v);
}

function putKey(b: Uint8Array, o: number, k: Uint8Array): number {
  b[o] = 0x60 + k.length;
  // A byte loop: `set` costs more than these few bytes.
  for (let i = 0; i < k.length; i++) b[o + 1 + i] = k[i]!;
  return o + 1 + k.length;
}

const MASK48 = 0xffffffffffffn;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** 48-bit chunks of a balance being written, least significant first (at most six for 2^256). */
const chunks: number[] = [0, 0, 0, 0, 0, 0];

/** Writes the balance as a minimal byte string (no leading zero byte); -1 when 24 bytes or more. */
function putBalance(b: Uint8Array, o: number, balance: bigint): number {
  if (balance <= MAX_SAFE) return putSmallBalance(b, o, Number(balance));
  // 48 bits at a time as exact integers: two bigint operations per six bytes, not per byte.
  let k = 0;
  for (let v = balance; v > 0n; v >>= 48n) chunks[k++] = Number(v & MASK48);
  let topBytes = 0;
  for (let x = k === 0 ? 0 : chunks[k - 1]!; x > 0; x = Math.floor(x / 256)) topBytes++;
  const n = k === 0 ? 0 : (k - 1) * 6 + topBytes;
  if (n >= 24) return -1;
  b[o] = 0x40 + n;
  let p = o + 1 + n;
  for (let c = 0; c < k; c++) {
    let x = chunks[c]!;
    for (let i = c === k - 1 ? topBytes : 6; i > 0; i--) {
      b[--p] = x % 256;
      x = Math.floor(x / 256);
    }
  }
  return o + 1 + n;
}

/** {@link putBalance} of a balance below 2^53 (nearly all), as an exact number: no bigint made. */
function putSmallBalance(b: Uint8Array, o: number, balance: number): number {
  let n = 0;
  for (let x = balance; x > 0; x = Math.floor(x / 256)) n++;
  b[o] = 0x40 + n;
  let x = balance;
  for (let p = o + n; p > o; p--) {
    b[p] = x % 256;
    x = Math.floor(x / 256);
  }
  return o + 1 + n;
}

function isU64(v: unknown): v is bigint {
  return typeof v === 'bigint' && v >= 0n && v <= MAX_U64;
}

/** True when the record has no field the codec does not know (it would refuse it). */
function knownFieldsOnly(r: AccountRecord): boolean {
  for (const k in r) if (!KNOWN_FIELDS.has(k)) return false;
  return true;
}

/**
 * True when {@link writeAccountFast} writes `r` (a valid record in the common layout): a record
 * for which this holds can be encoded later without any possibility of failing.
 */
export function fastWritable(r: AccountRecord): boolean {
  const { balance, nonce, mapping, owner, moving_at } = r;
  if (typeof balance !== 'bigint' || balance < 0n || balance > MAX_QUANTITY || !isU64(nonce)) return false;
  if ((mapping as unknown) !== 1 && mapping !== 2 && mapping !== 3 && mapping !== 4) return false;
  if (typeof owner !== 'string' || owner.length >= 24) return false;
  if (moving_at !== undefined && !isU64(moving_at)) return false;
  for (let i = 0; i < owner.length; i++) {
    const c = owner.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  // A balance of 24 bytes or more needs a longer head than the writer's.
  return balance < FAST_BALANCE_LIMIT && knownFieldsOnly(r);
}

/** The canonical encoding, or undefined for records outside the common layout (or invalid). */
export function writeAccountFast(r: AccountRecord): Uint8Array | undefined {
  if (!fastWritable(r)) return undefined;
  const { balance, nonce, mapping, owner, moving_at } = r;
  const b = scratch;
  b[0] = moving_at === undefined ? 0xa4 : 0xa5;
  let o = putUint(b, putKey(b, 1, K_NONCE), nonce);
  o = putKey(b, o, K_OWNER);
  b[o++] = 0x60 + owner.length;
  for (let i = 0; i < owner.length; i++) b[o++] = owner.charCodeAt(i);
  o = putBalance(b, putKey(b, o, K_BALANCE), balance);
  if (o < 0) return undefined;
  o = putKey(b, o, K_MAPPING);
  b[o++] = mapping;
  if (moving_at !== undefined) o = putUint(b, putKey(b, o, K_MOVING_AT), moving_at);
  return b.slice(0, o);
}
