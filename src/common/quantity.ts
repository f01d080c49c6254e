/**
 * Amounts (Oasis `quantity.Quantity`): non-negative bigints, encoded as minimal big-endian byte
 * strings (zero is the empty string). Arithmetic helpers refuse to go negative or overflow a bound,
 * so balances can never wrap.
 */
import { CommonError } from './errors.js';

/** Largest amount Tandem accepts anywhere: 2^256 − 1. */
export const MAX_QUANTITY: bigint = (1n << 256n) - 1n;

/** Minimal big-endian bytes of a non-negative bigint. */
export function quantityToBytes(v: bigint): Uint8Array {
  if (typeof v !== 'bigint' || v < 0n || v > MAX_QUANTITY) {
    throw new CommonError(CommonError.INVALID_ARGUMENT, `quantity out of range: ${String(v)}`);
  }
  if (v === 0n) return new Uint8Array(0);
  if (v <= 0xffffffffffffn) return smallToBytes(Number(v));
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Parse minimal big-endian bytes; a leading zero byte is non-canonical and refused. */
export function quantityFromBytes(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  if (b.length > 32) throw new CommonError(CommonError.INVALID_LENGTH, 'quantity longer than 32 bytes');
  if (b[0] === 0) throw new CommonError(CommonError.INVALID_ARGUMENT, 'quantity has a leading zero byte');
  // Six bytes at a time as an integer a JS number holds exactly (below 2^48): fees and amounts
  // are read for every transaction, and this skips a Buffer, a hex string and its parse.
  const first = b.length % 6 || 6;
  let v = BigInt(sixBytes(b, 0, first));
  for (let i = first; i < b.length; i += 6) v = (v << 48n) | BigInt(sixBytes(b, i, i + 6));
  return v;
}

/** The big-endian value of `b[from..to]` (at most six bytes). */
function sixBytes(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 256 + b[i]!;
  return n;
}

/** Minimal big-endian bytes of a positive integer below 2^48. */
function smallToBytes(n: number): Uint8Array {
  let len = 0;
  for (let x = n; x > 0; x = Math.floor(x / 256)) len++;
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = n % 256;
    n = Math.floor(n / 256);
  }
  return out;
}

/** a + b, refusing results above {@link MAX_QUANTITY}. */
export function addQuantity(a: bigint, b: bigint): bigint {
  const r = a + b;
  if (a < 0n || b < 0n || r > MAX_QUANTITY) {
    throw new CommonError(CommonError.INVALID_ARGUMENT, 'quantity overflow');
  }
  return r;
}

/** a − b, refusing negative results. */
export function subQuantity(a: bigint, b: bigint): bigint {
  if (a < 0n || b < 0n || b > a) throw new CommonError(CommonError.INVALID_ARGUMENT, 'quantity underflow');
  return a - b;
}
