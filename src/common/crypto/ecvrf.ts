/**
 * ECVRF-EDWARDS25519-SHA512-ELL2 (RFC 9381 §5, suite 0x04): the verifiable random function the
 * VRF beacon uses. A key pair is an ordinary Ed25519 key pair (32-byte seed, 32-byte public key).
 * A proof is Gamma(32) ‖ c(16) ‖ s(32); its output beta is 64 bytes.
 *
 * Verification is strict, so that every node accepts exactly the same proofs:
 * - the public key must decode canonically (RFC 8032) and must not be of small order (the
 *   RFC's validate_key step is always on);
 * - Gamma must decode canonically; s must be below L; c is 16 bytes so it is always in range;
 * - the recomputed challenge over (Y, H, Gamma, U, V) must equal c.
 */
import { CommonError } from '../errors.js';
import {
  BASE,
  BETA_LEN,
  C_LEN,
  challenge,
  decodePoint,
  type EdPoint,
  encodeToCurve,
  expandSecret,
  gammaToHash,
  intToLe,
  L,
  leToInt,
  nonce,
  PROOF_LEN,
  PT_LEN,
} from './ecvrf-suite.js';
import { isSmallOrderEncoding } from './small-order.js';

/** Length of an ECVRF proof (pi) in bytes. */
export const ECVRF_PROOF_SIZE = PROOF_LEN;
/** Length of an ECVRF output (beta) in bytes. */
export const ECVRF_OUTPUT_SIZE = BETA_LEN;
/** Length of an ECVRF public key in bytes. */
export const ECVRF_PUBLIC_KEY_SIZE = PT_LEN;

function bytesArg(v: unknown, what: string, len?: number): Uint8Array {
  if (!(v instanceof Uint8Array)) {
    throw new CommonError(CommonError.VRF_INVALID_INPUT, `ecvrf: ${what} must be bytes`);
  }
  if (len !== undefined && v.length !== len) {
    throw new CommonError(
      CommonError.VRF_INVALID_INPUT,
      `ecvrf: ${what} must be ${len} bytes, got ${v.length}`,
    );
  }
  return v;
}

/** The public key (RFC 8032 encoding of x·B) of a 32-byte secret seed. */
export function ecvrfPublicKey(secretSeed: Uint8Array): Uint8Array {
  const { x } = expandSecret(bytesArg(secretSeed, 'secret key', 32));
  return BASE.multiply(x).toBytes();
}

/** RFC 9381 §5.1 ECVRF_prove: the 80-byte proof of `alpha` under the key of `secretSeed`. */
export function ecvrfProve(secretSeed: Uint8Array, alpha: Uint8Array): Uint8Array {
  const { x, prefix } = expandSecret(bytesArg(secretSeed, 'secret key', 32));
  bytesArg(alpha, 'alpha');
  const yString = BASE.multiply(x).toBytes();
  const h = encodeToCurve(yString, alpha);
  const hString = h.toBytes();
  const gamma = h.multiply(x);
  const k = nonce(prefix, hString);
  const gammaString = gamma.toBytes();
  const c = challenge([yString, hString, gammaString, BASE.multiply(k).toBytes(), h.multiply(k).toBytes()]);
  const s = (k + c * x) % L;
  const pi = new Uint8Array(PROOF_LEN);
  pi.set(gammaString, 0);
  pi.set(intToLe(c, C_LEN), PT_LEN);
  pi.set(intToLe(s, 32), PT_LEN + C_LEN);
  return pi;
}

interface DecodedProof {
  gamma: EdPoint;
  c: bigint;
  s: bigint;
}

/** RFC 9381 §5.4.4 decode_proof, with coded errors instead of INVALID. */
function decodeProof(pi: Uint8Array): DecodedProof {
  bytesArg(pi, 'proof');
  if (pi.length !== PROOF_LEN) {
    throw new CommonError(
      CommonError.VRF_MALFORMED_PROOF,
      `ecvrf: proof must be ${PROOF_LEN} bytes, got ${pi.length}`,
    );
  }
  const gamma = decodePoint(pi.subarray(0, PT_LEN));
  if (gamma === null) {
    throw new CommonError(
      CommonError.VRF_MALFORMED_PROOF,
      'ecvrf: proof Gamma is not a valid point encoding',
    );
  }
  const c = leToInt(pi.subarray(PT_LEN, PT_LEN + C_LEN));
  const s = leToInt(pi.subarray(PT_LEN + C_LEN));
  if (s >= L) throw new CommonError(CommonError.VRF_MALFORMED_PROOF, 'ecvrf: proof scalar s is not below L');
  return { gamma, c, s };
}

/**
 * RFC 9381 §5.2 ECVRF_proof_to_hash: the 64-byte output of a proof. It checks only the proof's
 * form, not its validity: use {@link ecvrfVerify} for proofs from anyone else.
 */
export function ecvrfProofToHash(pi: Uint8Array): Uint8Array {
  return gammaToHash(decodeProof(pi).gamma);
}

/** RFC 9381 §5.4.5 validate_key plus string_to_point: the decoded public key, or a coded error. */
function decodePublicKey(publicKey: Uint8Array): EdPoint {
  bytesArg(publicKey, 'public key');
  if (publicKey.length !== PT_LEN) {
    throw new CommonError(
      CommonError.VRF_INVALID_KEY,
      `ecvrf: public key must be ${PT_LEN} bytes, got ${publicKey.length}`,
    );
  }
  const y = decodePoint(publicKey);
  if (y === null)
    throw new CommonError(CommonError.VRF_INVALID_KEY, 'ecvrf: public key is not a valid point');
  if (isSmallOrderEncoding(publicKey) || y.isSmallOrder()) {
    throw new CommonError(CommonError.VRF_INVALID_KEY, 'ecvrf: public key is of small order');
  }
  return y;
}

/**
 * Check that `publicKey` is acceptable as a VRF key (canonical encoding of a curve point that is
 * not of small order); throws VRF_INVALID_KEY otherwise. For validating keys when registered.
 */
export function ecvrfValidatePublicKey(publicKey: Uint8Array): void {
  decodePublicKey(publicKey);
}

/**
 * RFC 9381 §5.3 ECVRF_verify (with key validation): returns beta when `pi` proves `alpha` under
 * `publicKey`; throws a CommonError (VRF_INVALID_KEY, VRF_MALFORMED_PROOF, VRF_INVALID_PROOF)
 * saying why otherwise.
 */
export function ecvrfVerify(publicKey: Uint8Array, alpha: Uint8Array, pi: Uint8Array): Uint8Array {
  const y = decodePublicKey(publicKey);
  bytesArg(alpha, 'alpha');
  const { gamma, c, s } = decodeProof(pi);
  const h = encodeToCurve(publicKey, alpha);
  // Public values only, so the variable-time multiplications are fine (and s may be 0).
  const u = BASE.multiplyUnsafe(s).subtract(y.multiplyUnsafe(c));
  const v = h.multiplyUnsafe(s).subtract(gamma.multiplyUnsafe(c));
  const cPrime = challenge([publicKey, h.toBytes(), pi.subarray(0, PT_LEN), u.toBytes(), v.toBytes()]);
  if (cPrime !== c) {
    throw new CommonError(
      CommonError.VRF_INVALID_PROOF,
      'ecvrf: proof does not verify for this key and alpha',
    );
  }
  return gammaToHash(gamma);
}
