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
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Parse minimal big-endian bytes; a leading zero byte is non-canonical and refused. */
export function quantityFromBytes(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  if (b.length > 32) throw new CommonError(CommonError.INVALID_LENGTH, 'quantity longer than 32 bytes');
  if (b[0] === 0) throw new CommonError(CommonError.INVALID_ARGUMENT, 'quantity has a leading zero byte');
  return BigInt(`0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}`);
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
