/** Hex and base64 text forms, strict on input. */
import { CommonError } from './errors.js';

/** Lower-case hex of bytes. */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/**
 * Decode hex digits (no prefix) into a fresh array, or undefined unless every character is a hex
 * digit and the length is even. Node's decoder stops at the first pair that is not two hex
 * digits, so the bytes written equal half the length exactly when the whole text is valid: one
 * pass, no pattern match, and no copy out of Buffer's shared pool.
 */
export function decodeHexStrict(h: string): Uint8Array | undefined {
  if (h.length % 2 !== 0) return undefined;
  const out = new Uint8Array(h.length / 2);
  const n = Buffer.from(out.buffer, out.byteOffset, out.byteLength).write(h, 'hex');
  return n === out.length ? out : undefined;
}

/** Parse hex (even length, hex digits only, optional `0x`). */
export function fromHex(s: string, expectedLength?: number): Uint8Array {
  if (typeof s !== 'string') throw new CommonError(CommonError.INVALID_HEX, 'hex: not a string');
  const out = decodeHexStrict(s.startsWith('0x') ? s.slice(2) : s);
  if (out === undefined) throw new CommonError(CommonError.INVALID_HEX, 'hex: invalid digits or odd length');
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new CommonError(
      CommonError.INVALID_LENGTH,
      `hex: expected ${expectedLength} bytes, got ${out.length}`,
    );
  }
  return out;
}

const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 with padding. */
export function toBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** Parse standard padded base64 strictly (Node's decoder silently skips bad characters). */
export function fromBase64(s: string): Uint8Array {
  if (typeof s !== 'string' || !B64_RE.test(s)) {
    throw new CommonError(CommonError.INVALID_BASE64, 'base64: invalid encoding');
  }
  return new Uint8Array(Buffer.from(s, 'base64'));
}
