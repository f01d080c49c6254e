/**
 * Runtime identifiers (Oasis `common.Namespace`, spec/runtime.md RT-3): 32 bytes, 8 bytes of
 * big-endian flags then a 24-byte identifier. Bit 63 marks a test runtime, bit 62 a key-manager
 * runtime; every other flag bit must be zero.
 */
import { concatBytes, readU64be, u64be, utf8 } from './bytes.js';
import { CommonError } from './errors.js';
import { hash } from './hash.js';
import { fromHex, toHex } from './hex.js';

export const NAMESPACE_SIZE = 32;
export const FLAG_TEST = 1n << 63n;
export const FLAG_KEY_MANAGER = 1n << 62n;
const FLAGS_MASK = FLAG_TEST | FLAG_KEY_MANAGER;

/** The flags of a runtime id, checked. */
export function namespaceFlags(id: Uint8Array): { test: boolean; keyManager: boolean } {
  validateNamespace(id);
  const f = readU64be(id, 0);
  return { test: (f & FLAG_TEST) !== 0n, keyManager: (f & FLAG_KEY_MANAGER) !== 0n };
}

/** Throw unless `id` is 32 bytes with only the defined flag bits set. */
export function validateNamespace(id: Uint8Array): Uint8Array {
  if (!(id instanceof Uint8Array) || id.length !== NAMESPACE_SIZE) {
    throw new CommonError(CommonError.INVALID_NAMESPACE, 'runtime id must be 32 bytes');
  }
  if ((readU64be(id, 0) & ~FLAGS_MASK) !== 0n) {
    throw new CommonError(CommonError.INVALID_NAMESPACE, 'runtime id has reserved flag bits set');
  }
  return id;
}

/** Build a runtime id from flags and a 24-byte identifier. */
export function makeNamespace(
  flags: { test?: boolean; keyManager?: boolean },
  ident: Uint8Array,
): Uint8Array {
  if (ident.length !== 24)
    throw new CommonError(CommonError.INVALID_NAMESPACE, 'identifier must be 24 bytes');
  const f = (flags.test ? FLAG_TEST : 0n) | (flags.keyManager ? FLAG_KEY_MANAGER : 0n);
  return concatBytes(u64be(f), ident);
}

/** Test helper as in Oasis: the identifier is the first 24 bytes of H(seed). */
export function namespaceFromSeed(
  seed: string,
  flags: { test?: boolean; keyManager?: boolean } = {},
): Uint8Array {
  return makeNamespace(flags, hash(utf8(seed)).subarray(0, 24));
}

/** 64-hex text form. */
export function namespaceToString(id: Uint8Array): string {
  return toHex(validateNamespace(id));
}

/** Parse the 64-hex text form, validating flags. */
export function namespaceFromString(s: string): Uint8Array {
  return validateNamespace(fromHex(s, NAMESPACE_SIZE));
}
