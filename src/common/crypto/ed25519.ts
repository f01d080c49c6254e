/**
 * Ed25519 over `node:crypto` (OpenSSL), with Oasis-style domain separation.
 *
 * Verification rule (every node uses exactly this; consensus depends on it):
 * 1. the public key A and the signature's R must not be small-order points (any encoding);
 * 2. S must be canonical (S < L);
 * 3. the cofactorless equation [S]B = R + [k]A must hold with R compared by its encoding, where
 *    k = SHA-512(R ‖ A ‖ M) and M = SHA-512/256(context ‖ message).
 * Steps 2–3 are OpenSSL's RFC 8032 verification; it rejects non-canonical R encodings (the
 * recomputed R is compared byte for byte) and signatures that hold only with the cofactored
 * equation. The C2SP CCTV vectors test pins this: reject low_order_A, low_order_R,
 * non_canonical_R and low_order_residue, accept everything else.
 */
import {
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
  randomBytes,
} from 'node:crypto';
import { utf8 } from '../bytes.js';
import { CommonError } from '../errors.js';
import { hash } from '../hash.js';
import { toHex } from '../hex.js';
import { PublicKeyCache } from './key-cache.js';
import { isSmallOrderEncoding } from './small-order.js';

export const PUBLIC_KEY_SIZE = 32;
export const SIGNATURE_SIZE = 64;
export const SEED_SIZE = 32;

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Build a public KeyObject from raw bytes. */
export function publicKeyObject(pub: Uint8Array): KeyObject {
  // The JWK form reaches the same raw-key import as SPKI DER without OpenSSL's DER decoder
  // pipeline, which costs about as much as a verification (JWK is several times cheaper).
  if (pub.length !== PUBLIC_KEY_SIZE) {
    return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pub]), format: 'der', type: 'spki' });
  }
  const x = Buffer.from(pub.buffer, pub.byteOffset, pub.length).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

const keyCache = new PublicKeyCache<KeyObject>(4096);

/** Public KeyObjects are cached: building one costs a noticeable share of a verification. */
function cachedPublicKey(pub: Uint8Array): KeyObject {
  let ko = keyCache.get(pub);
  if (ko === undefined) {
    ko = publicKeyObject(pub);
    keyCache.set(pub, ko);
  }
  return ko;
}

/** The 32-byte digest that is actually signed: SHA-512/256(context ‖ message). */
export function signerMessage(context: string, message: Uint8Array): Uint8Array {
  let c = contextBytes.get(context);
  if (c === undefined) {
    c = utf8(context);
    if (contextBytes.size < 256) contextBytes.set(context, c);
  }
  return hash(c, message);
}

/** UTF-8 of the contexts in use (a handful per process), so prehashing does not re-encode them. */
const contextBytes = new Map<string, Uint8Array>();

/**
 * Verify a raw Ed25519 signature over `msg` under the rule in this module's header.
 * Never throws for bad input; returns false.
 */
export function verifyRaw(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  const t0 = performance.now();
  const ok = verifyChecked(pub, msg, sig);
  countVerify(t0);
  return ok;
}

/** Count one verification that started at `t0` (verifyChecked never throws). */
function countVerify(t0: number): void {
  signatureStats.verifies++;
  signatureStats.verifyMs += performance.now() - t0;
}

function verifyChecked(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (!(pub instanceof Uint8Array) || !(sig instanceof Uint8Array)) return false;
  if (pub.length !== PUBLIC_KEY_SIZE || sig.length !== SIGNATURE_SIZE) return false;
  if (isSmallOrderEncoding(pub) || isSmallOrderEncoding(sig.subarray(0, 32))) return false;
  try {
    return nodeVerify(null, msg, cachedPublicKey(pub), sig);
  } catch {
    return false;
  }
}

/**
 * Process-wide counts of signature operations (benchmarks report the share of time spent on
 * signatures from these; metrics can export them).
 */
export const signatureStats = { verifies: 0, signs: 0, verifyMs: 0, signMs: 0 };

/** Verify a signature made with {@link Signer.sign} under `context` (already fully built). */
export function verify(pub: Uint8Array, context: string, message: Uint8Array, sig: Uint8Array): boolean {
  // Timed with its prehash: SHA-512/256(context ‖ message) is part of the signature scheme.
  const t0 = performance.now();
  const ok = verifyChecked(pub, signerMessage(context, message), sig);
  countVerify(t0);
  return ok;
}

/**
 * Something that signs with a private key it never reveals. `context` is the full context
 * (see `fullContext`); the signature is over SHA-512/256(context ‖ message).
 */
export interface Signer {
  readonly publicKey: Uint8Array;
  sign(context: string, message: Uint8Array): Uint8Array;
}

/** An in-memory Ed25519 key pair. Its secret never appears in logs, JSON or inspection. */
export class Ed25519Signer implements Signer {
  readonly publicKey: Uint8Array;
  readonly #key: KeyObject;
  readonly #seed: Uint8Array;

  private constructor(seed: Uint8Array) {
    this.#seed = new Uint8Array(seed);
    this.#key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.#key).export({ format: 'der', type: 'spki' });
    this.publicKey = new Uint8Array(spki.subarray(SPKI_PREFIX.length));
  }

  /** From a 32-byte RFC 8032 seed. */
  static fromSeed(seed: Uint8Array): Ed25519Signer {
    if (!(seed instanceof Uint8Array) || seed.length !== SEED_SIZE) {
      throw new CommonError(CommonError.INVALID_KEY, 'ed25519 seed must be 32 bytes');
    }
    return new Ed25519Signer(seed);
  }

  /** A fresh random key (OS randomness). */
  static generate(): Ed25519Signer {
    return new Ed25519Signer(new Uint8Array(randomBytes(SEED_SIZE)));
  }

  /** Sign SHA-512/256(context ‖ message). */
  sign(context: string, message: Uint8Array): Uint8Array {
    const t0 = performance.now();
    const m = signerMessage(context, message);
    signatureStats.signMs += performance.now() - t0;
    return this.signRaw(m);
  }

  /** Plain RFC 8032 signature over `msg` (no context); for vectors and protocols that hash first. */
  signRaw(msg: Uint8Array): Uint8Array {
    const t0 = performance.now();
    const sig = new Uint8Array(nodeSign(null, msg, this.#key));
    signatureStats.signs++;
    signatureStats.signMs += performance.now() - t0;
    return sig;
  }

  /** The secret seed, for writing key files only. */
  exportSeed(): Uint8Array {
    return new Uint8Array(this.#seed);
  }

  toJSON(): { publicKey: string } {
    return { publicKey: toHex(this.publicKey) };
  }

  toString(): string {
    return `Ed25519Signer(${toHex(this.publicKey)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Throwing form of {@link verify}, with a coded error. */
export function assertValidSignature(
  pub: Uint8Array,
  context: string,
  message: Uint8Array,
  sig: Uint8Array,
): void {
  if (!verify(pub, context, message, sig)) {
    throw new CommonError(CommonError.INVALID_SIGNATURE, 'signature verification failed');
  }
}
