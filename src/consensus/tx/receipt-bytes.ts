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
import { cborHeadLength, putCborHead, putCborHead64, slabBytes } from '../../common/index.js';
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
/** Bytes of the five keys and the map head. */
const KEYS_SIZE = 1 + K_CODE.length + K_EVENTS.length + K_MODULE.length + K_STATUS.length + K_GAS_USED.length;

function put(b: Uint8Array, o: number, bytes: readonly number[]): number {
  for (let i = 0; i < bytes.length; i++) b[o + i] = bytes[i]!;
  return o + bytes.length;
}

function asciiModule(m: unknown): boolean {
  if (typeof m !== 'string' || m.length > MAX_MODULE) return false;
  for (let i = 0; i < m.length; i++) if (m.charCodeAt(i) >= 0x80) return false;
  return true;
}

function small(v: number, max: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= max;
}

/** Length of the shortest head of a u64 argument. */
function headLength64(v: bigint): number {
  return v <= 0xffffffffn ? cborHeadLength(Number(v)) : 9;
}

/**
 * The canonical receipt bytes of `{status, module, code, gas_used, events}` where `events` are
 * given as their canonical event encodings, or undefined when the receipt is not in the common
 * shape (the strict codec then decides). The size is counted first so the bytes are written once
 * into an array of exactly that length, with number arithmetic for every head below 2^32.
 */
export function writeReceipt(
  status: number,
  module: string,
  code: number,
  gasUsed: bigint,
  events: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!small(status, 0xff) || !small(code, 0xffffffff) || !asciiModule(module)) return undefined;
  if (typeof gasUsed !== 'bigint' || gasUsed < 0n || gasUsed > U64_MAX) return undefined;
  if (events.length > MAX_TX_EVENTS) return undefined;
  let size =
    KEYS_SIZE +
    cborHeadLength(code) +
    cborHeadLength(events.length) +
    cborHeadLength(module.length) +
    module.length +
    cborHeadLength(status) +
    headLength64(gasUsed);
  for (let i = 0; i < events.length; i++) size += events[i]!.length;
  // A view of a shared slab (just over V8's 64 bytes held in the heap): the executor's receipt
  // bytes live until the block's receipts root is computed.
  const b = slabBytes(size);
  b[0] = 0xa5;
  let o = putCborHead(b, put(b, 1, K_CODE), 0, code);
  o = putCborHead(b, put(b, o, K_EVENTS), 4, events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    b.set(e, o);
    o += e.length;
  }
  o = putCborHead(b, put(b, o, K_MODULE), 3, module.length);
  for (let i = 0; i < module.length; i++) b[o++] = module.charCodeAt(i);
  o = putCborHead(b, put(b, o, K_STATUS), 0, status);
  o = putCborHead64(b, put(b, o, K_GAS_USED), 0, gasUsed);
  // A count that disagreed with the writes would leave bytes out: never hand out such bytes.
  return o === size ? b : undefined;
}
