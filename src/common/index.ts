/**
 * `common`: the layer every other area stands on. Bytes and hex, canonical CBOR with strict
 * bounded decoding and typed schemas, SHA-512/256, Ed25519 with Oasis-style domain separation,
 * key files, account addresses, runtime ids, coded errors, and the Logger/Metrics interfaces.
 * It imports no other area.
 */
export * from './address.js';
export * from './bech32.js';
export * from './byte-slab.js';
export * from './bytes.js';
export * from './cbor/index.js';
export * from './crypto/index.js';
export * from './errors.js';
export * from './hash.js';
export * from './hex.js';
export * from './keys/keyset.js';
export * from './keys/pem.js';
export * from './logger.js';
export * from './metrics.js';
export * from './namespace.js';
export * from './quantity.js';
export { type InPlaceHasher, inPlaceHasher, WASM_HASH_MAX } from './sha512-wasm.js';
export * from './young-gc.js';
