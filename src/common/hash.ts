/**
 * SHA-512/256 (FIPS 180-4), the hash used everywhere Oasis hashes: MKVS nodes, block headers,
 * signature preimages, addresses. Short messages are hashed in a small WebAssembly module
 * (`sha512-wasm.ts`, checked against node:crypto), longer ones by `node:crypto` (OpenSSL).
 */
import { createHash, hash as oneShot } from 'node:crypto';
import { toHex } from './hex.js';
import { smallHasher, WASM_HASH_MAX } from './sha512-wasm.js';

/** A plain Uint8Array view of a Buffer (Buffers compare and slice differently). */
function view(d: Buffer): Uint8Array {
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** Hash length in bytes. */
export const HASH_SIZE = 32;

// Small preimages are copied into one scratch buffer and hashed in one call: for the short
// messages consensus hashes all the time (votes, prehashes, cache keys) this is several times
// cheaper than a Hash object with one update per part.
const SMALL = 4096;
const scratch = new Uint8Array(SMALL);

/** SHA-512/256 over the concatenation of `parts`. */
export function hash(...parts: readonly Uint8Array[]): Uint8Array {
  // One part is hashed as it is (no copy into the scratch buffer).
  if (parts.length === 1) return hashBytes(parts[0]!);
  let n = 0;
  for (const p of parts) n += p.length;
  if (n > SMALL) return hashParts(parts);
  let off = 0;
  for (const p of parts) {
    scratch.set(p, off);
    off += p.length;
  }
  return hashBytes(scratch.subarray(0, n));
}

/**
 * One-shot SHA-512/256 of one byte view, as a fresh 32-byte array. Short inputs (node preimages,
 * prehashes, addresses) are hashed in WebAssembly, which saves node:crypto's fixed cost per call;
 * longer ones by node:crypto, whose digest is taken as a latin1 string and copied out (a Buffer
 * result costs an off-heap backing store per hash and garbage-collector work after).
 */
export function hashBytes(data: Uint8Array): Uint8Array {
  if (smallHasher !== undefined && data.length <= WASM_HASH_MAX) return smallHasher(data);
  const s = oneShot('sha512-256', data, 'binary');
  const out = new Uint8Array(HASH_SIZE);
  for (let i = 0; i < HASH_SIZE; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** SHA-512/256 of a list of parts given as an array (avoids spreading large lists). */
export function hashParts(parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha512-256');
  for (const p of parts) h.update(p);
  return view(h.digest());
}

/** Incremental hasher for callers that produce the preimage piece by piece. */
export class Hasher {
  private readonly h = createHash('sha512-256');
  update(part: Uint8Array): this {
    this.h.update(part);
    return this;
  }
  digest(): Uint8Array {
    return view(this.h.digest());
  }
}

/** The hash of the empty string: nil child, empty tree root, "no messages" hash. */
export const EMPTY_HASH: Uint8Array = hash();

/** Hex of the empty hash, `c672b8d1…967a`. */
export const EMPTY_HASH_HEX: string = toHex(EMPTY_HASH);

/** True when `h` is the empty hash. */
export function isEmptyHash(h: Uint8Array): boolean {
  if (h.length !== HASH_SIZE) return false;
  for (let i = 0; i < HASH_SIZE; i++) if (h[i] !== EMPTY_HASH[i]) return false;
  return true;
}
