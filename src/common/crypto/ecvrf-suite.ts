/**
 * The building blocks of ECVRF-EDWARDS25519-SHA512-ELL2 (RFC 9381 §5.5, suite string 0x04):
 * point and scalar encodings, encode_to_curve, nonce and challenge generation. Kept apart from
 * the prove/verify flow in `ecvrf.ts` so each step can be checked against the RFC on its own.
 */
import { createHash } from 'node:crypto';
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js';
import { concatBytes, utf8 } from '../bytes.js';

/** The curve points the suite works with (extended Edwards coordinates). */
export type EdPoint = ReturnType<typeof ed25519.Point.fromBytes>;

/** RFC 9381 suite_string of ECVRF-EDWARDS25519-SHA512-ELL2. */
export const SUITE = 0x04;
/** Order of the prime-order subgroup (RFC 8032 `L`). */
export const L: bigint = ed25519.Point.Fn.ORDER;
/** Encoded point length (ptLen) and scalar length (qLen). */
export const PT_LEN = 32;
/** Challenge length in bytes (cLen). */
export const C_LEN = 16;
/** Proof length: Gamma ‖ c ‖ s. */
export const PROOF_LEN = PT_LEN + C_LEN + 32;
/** Output (beta) length: one SHA-512 digest. */
export const BETA_LEN = 64;

/** The generator B. */
export const BASE: EdPoint = ed25519.Point.BASE;

/** RFC 9381 §5.4.1.2: DST = "ECVRF_" ‖ h2c suite id ‖ suite_string. */
const H2C_DST = concatBytes(utf8('ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_'), Uint8Array.of(SUITE));

/** SHA-512 over the concatenation of `parts`. */
export function sha512(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** Little-endian bytes → integer (RFC 9381 string_to_int for this suite). */
export function leToInt(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

/** Integer → `len` little-endian bytes (int_to_string). */
export function intToLe(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let v = n;
  for (let i = 0; i < len; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * string_to_point: strict RFC 8032 §5.1.3 decoding (y < p, no "negative zero" x), or null.
 * ZIP-215 leniency is off on purpose: RFC 9381 requires INVALID for non-canonical encodings.
 */
export function decodePoint(b: Uint8Array): EdPoint | null {
  try {
    return ed25519.Point.fromBytes(b, false);
  } catch {
    return null;
  }
}

/** RFC 9381 §5.4.1.2 encode_to_curve with salt = the encoded public key. */
export function encodeToCurve(pkString: Uint8Array, alpha: Uint8Array): EdPoint {
  return ed25519_hasher.encodeToCurve(concatBytes(pkString, alpha), { DST: H2C_DST }) as EdPoint;
}

/** RFC 8032 §5.1.5 key expansion: the secret scalar x (reduced mod L) and the nonce prefix. */
export function expandSecret(seed: Uint8Array): { x: bigint; prefix: Uint8Array } {
  const h = sha512(seed);
  const a = h.slice(0, 32);
  a[0]! &= 248;
  a[31]! &= 127;
  a[31]! |= 64;
  return { x: leToInt(a) % L, prefix: h.slice(32, 64) };
}

/** RFC 9381 §5.4.2.2: k = SHA-512(prefix ‖ h_string) mod L. */
export function nonce(prefix: Uint8Array, hString: Uint8Array): bigint {
  return leToInt(sha512(prefix, hString)) % L;
}

/** RFC 9381 §5.4.3: c = first cLen bytes of SHA-512(suite ‖ 0x02 ‖ P1..P5 ‖ 0x00), little-endian. */
export function challenge(points: readonly Uint8Array[]): bigint {
  const d = sha512(Uint8Array.of(SUITE, 0x02), ...points, Uint8Array.of(0x00));
  return leToInt(d.subarray(0, C_LEN));
}

/** RFC 9381 §5.2 proof_to_hash core: SHA-512(suite ‖ 0x03 ‖ point_to_string(8·Gamma) ‖ 0x00). */
export function gammaToHash(gamma: EdPoint): Uint8Array {
  return sha512(Uint8Array.of(SUITE, 0x03), gamma.clearCofactor().toBytes(), Uint8Array.of(0x00));
}
