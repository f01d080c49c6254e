/**
 * A direct reader and writer of the common account-record layout, used before the generic schema
 * codec. The canonical encoding of `{nonce, owner, balance, mapping, moving_at?}` has one byte
 * layout (keys sorted by length then bytes, minimal integers and lengths). These functions handle
 * exactly that layout with an ASCII owner and return undefined for anything else, which then goes
 * through the generic codec; so they accept and produce precisely what the codec does (a test
 * checks the equivalence), without its decode, re-encode and compare for every account read.
 */
import { MAX_QUANTITY, utf8 } from '../../common/index.js';
import type { AccountRecord } from './record.js';

const K_NONCE = utf8('nonce');
const K_OWNER = utf8('owner');
const K_BALANCE = utf8('balance');
const K_MAPPING = utf8('mapping');
const K_MOVING_AT = utf8('moving_at');
const MAX_U64 = 0xffffffffffffffffn;
const MAX_OWNER = 32;
const MAX_RECORD_BYTES = 256;
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
  let owner = '';
  for (let i = 0; i < ownerLen; i++) {
    const c = b[r.off++]!;
    if (c < 0x20 || c > 0x7e) return undefined;
    owner += String.fromCharCode(c);
  }
  if (!r.key(K_BALANCE)) return undefined;
  const balLen = r.shortLength(0x40);
  if (balLen === undefined || (balLen > 0 && b[r.off] === 0)) return undefined;
  let balance = 0n;
  for (let i = 0; i < balLen; i++) balance = (balance << 8n) | BigInt(b[r.off++]!);
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

function pushUint(out: number[], v: bigint): void {
  if (v < 24n) {
    out.push(Number(v));
    return;
  }
  const size = v < 0x100n ? 1 : v < 0x10000n ? 2 : v < 0x100000000n ? 4 : 8;
  out.push(0x18 + Math.log2(size));
  for (let i = size - 1; i >= 0; i--) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
}

function pushKey(out: number[], k: Uint8Array): void {
  out.push(0x60 + k.length);
  for (const c of k) out.push(c);
}

function isU64(v: unknown): v is bigint {
  return typeof v === 'bigint' && v >= 0n && v <= MAX_U64;
}

/** The canonical encoding, or undefined for records outside the common layout (or invalid). */
export function writeAccountFast(r: AccountRecord): Uint8Array | undefined {
  const { balance, nonce, mapping, owner, moving_at } = r;
  if (typeof balance !== 'bigint' || balance < 0n || balance > MAX_QUANTITY || !isU64(nonce))
    return undefined;
  if ((mapping as unknown) !== 1 && mapping !== 2 && mapping !== 3 && mapping !== 4) return undefined;
  if (typeof owner !== 'string' || owner.length >= 24) return undefined;
  if (moving_at !== undefined && !isU64(moving_at)) return undefined;
  for (const k of Object.keys(r)) if (!KNOWN_FIELDS.has(k)) return undefined;
  const out: number[] = [moving_at === undefined ? 0xa4 : 0xa5];
  pushKey(out, K_NONCE);
  pushUint(out, nonce);
  pushKey(out, K_OWNER);
  out.push(0x60 + owner.length);
  for (let i = 0; i < owner.length; i++) {
    const c = owner.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
    out.push(c);
  }
  pushKey(out, K_BALANCE);
  const bal: number[] = [];
  for (let v = balance; v > 0n; v >>= 8n) bal.push(Number(v & 0xffn));
  if (bal.length >= 24) return undefined;
  out.push(0x40 + bal.length);
  for (let i = bal.length - 1; i >= 0; i--) out.push(bal[i]!);
  pushKey(out, K_MAPPING);
  out.push(mapping);
  if (moving_at !== undefined) {
    pushKey(out, K_MOVING_AT);
    pushUint(out, moving_at);
  }
  return Uint8Array.from(out);
}
