/**
 * A direct writer of a receipt's canonical bytes from its events' canonical bytes, used on the
 * executor's per-transaction path. Each event is encoded once when it is emitted (that encoding
 * is also its check, see the executor's context); the receipt's bytes are then the fixed map
 * layout with those bytes copied in, instead of encoding every event a second time inside the
 * receipt. Map keys go in canonical order (shorter first, then bytewise): `code`, `events`,
 * `module`, `status`, `gas_used`. Anything outside the common shape (a non-ASCII or over-long
 * module, an out-of-range number) gives undefined, and the caller uses the strict codec; a test
 * checks that both give the same bytes.
 */
import { MAX_TX_EVENTS } from './receipt.js';

const MAX_MODULE = 64;
const U64_MAX = 0xffffffffffffffffn;

function keyBytes(k: string): number[] {
  return [0x60 + k.length, ...[...k].map((c) => c.charCodeAt(0))];
}

const K_CODE = keyBytes('code');
const K_EVENTS = keyBytes('events');
const K_MODULE = keyBytes('module');
const K_STATUS = keyBytes('status');
const K_GAS_USED = keyBytes('gas_used');
/**
 * Most bytes of everything but the events: map head; `code` key and u32; `events` key and array
 * head (up to 256 items); `module` key, text head and text; `status` key and u8; `gas_used` key
 * and u64.
 */
const FIXED_MAX = 1 + (5 + 5) + (7 + 3) + (7 + 2 + MAX_MODULE) + (7 + 2) + (9 + 9);

/** Writes a minimal head of `major` with argument `v` (an integer in 0..2^64−1) at `o`. */
function head(b: Uint8Array, o: number, major: number, v: number | bigint): number {
  const m = major << 5;
  if (typeof v === 'number' && v < 24) {
    b[o] = m | v;
    return o + 1;
  }
  const n = BigInt(v);
  const size = n < 0x100n ? 1 : n < 0x10000n ? 2 : n < 0x100000000n ? 4 : 8;
  b[o] = m | (size === 1 ? 24 : size === 2 ? 25 : size === 4 ? 26 : 27);
  let x = n;
  for (let i = size; i >= 1; i--) {
    b[o + i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return o + 1 + size;
}

function put(b: Uint8Array, o: number, bytes: readonly number[]): number {
  for (let i = 0; i < bytes.length; i++) b[o + i] = bytes[i]!;
  return o + bytes.length;
}

function asciiModule(m: unknown): boolean {
  if (typeof m !== 'string' || m.length > MAX_MODULE) return false;
  for (let i = 0; i < m.length; i++) if (m.charCodeAt(i) >= 0x80) return false;
  return true;
}

/**
 * The canonical receipt bytes of `{status, module, code, gas_used, events}` where `events` are
 * given as their canonical event encodings, or undefined when the receipt is not in the common
 * shape (the strict codec then decides).
 */
export function writeReceipt(
  status: number,
  module: string,
  code: number,
  gasUsed: bigint,
  events: readonly Uint8Array[],
): Uint8Array | undefined {
  const small = (v: number, max: number) => Number.isInteger(v) && v >= 0 && v <= max;
  if (!small(status, 0xff) || !small(code, 0xffffffff) || !asciiModule(module)) return undefined;
  if (typeof gasUsed !== 'bigint' || gasUsed < 0n || gasUsed > U64_MAX) return undefined;
  if (events.length > MAX_TX_EVENTS) return undefined;
  let size = FIXED_MAX;
  for (const e of events) size += e.length;
  const b = new Uint8Array(size);
  let o = put(b, 1, K_CODE);
  b[0] = 0xa5;
  o = put(b, head(b, o, 0, code), K_EVENTS);
  o = head(b, o, 4, events.length);
  for (const e of events) {
    b.set(e, o);
    o += e.length;
  }
  o = head(b, put(b, o, K_MODULE), 3, module.length);
  for (let i = 0; i < module.length; i++) b[o++] = module.charCodeAt(i);
  o = put(b, head(b, put(b, o, K_STATUS), 0, status), K_GAS_USED);
  o = head(b, o, 0, gasUsed <= 23n ? Number(gasUsed) : gasUsed);
  // A write past the end would be dropped silently: never hand out such bytes.
  return o <= size ? b.subarray(0, o) : undefined;
}
