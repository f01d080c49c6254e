/**
 * Account addresses (Oasis `staking.Address`): 21 bytes, a version byte then the first 20 bytes of
 * SHA-512/256(context identifier ‖ version ‖ data). Text form is bech32 with HRP `tandem`.
 */
import { bech32Decode, bech32Encode } from './bech32.js';
import { concatBytes, utf8 } from './bytes.js';
import { getContextPrefix } from './crypto/context.js';
import { PublicKeyCache } from './crypto/key-cache.js';
import { CommonError } from './errors.js';
import { hash } from './hash.js';

export const ADDRESS_SIZE = 21;
/** Human-readable part of the text form. */
export const ADDRESS_HRP = 'tandem';

/** What an address is derived from; each kind has its own context identifier. */
export type AddressKind = 'staking' | 'runtime' | 'module';

/** Context identifier of an address kind, e.g. `tandem/address: staking`. */
export function addressContext(kind: AddressKind): string {
  return `${getContextPrefix()}/address: ${kind}`;
}

/** Derive an address from a context identifier, a version and data. */
export function deriveAddress(contextId: string, version: number, data: Uint8Array): Uint8Array {
  const v = Uint8Array.of(version & 0xff);
  const h = hash(utf8(contextId), v, data);
  return concatBytes(v, h.subarray(0, 20));
}

/**
 * Addresses of recent signers (every transaction derives its fee payer's), by key bytes, each
 * with the context it was derived under: the prefix only changes in compatibility tests, and a
 * look-up then misses instead of building a context string per call.
 */
const keyAddresses = new PublicKeyCache<{ readonly ctx: string; readonly address: Uint8Array }>(8192);
let stakingContext = { prefix: '', ctx: '' };

/** Address of an account owned by an Ed25519 public key (a fresh array each call). */
export function addressFromPublicKey(pub: Uint8Array): Uint8Array {
  if (pub.length !== 32) throw new CommonError(CommonError.INVALID_KEY, 'public key must be 32 bytes');
  const prefix = getContextPrefix();
  if (stakingContext.prefix !== prefix) stakingContext = { prefix, ctx: addressContext('staking') };
  const ctx = stakingContext.ctx;
  let e = keyAddresses.get(pub);
  if (e === undefined || e.ctx !== ctx) {
    e = { ctx, address: deriveAddress(ctx, 0, pub) };
    keyAddresses.set(pub, e);
  }
  return e.address.slice();
}

/** Address of a runtime's own account. */
export function addressFromRuntimeId(id: Uint8Array): Uint8Array {
  if (id.length !== 32) throw new CommonError(CommonError.INVALID_NAMESPACE, 'runtime id must be 32 bytes');
  return deriveAddress(addressContext('runtime'), 0, id);
}

/** Address of a module account, e.g. `staking.common-pool`. */
export function addressFromModule(module: string, kind: string): Uint8Array {
  return deriveAddress(addressContext('module'), 0, utf8(`${module}.${kind}`));
}

/** bech32 text form. */
export function addressToString(a: Uint8Array): string {
  if (a.length !== ADDRESS_SIZE)
    throw new CommonError(CommonError.INVALID_ADDRESS, 'address must be 21 bytes');
  return bech32Encode(ADDRESS_HRP, a);
}

/** Parse the bech32 text form; checksum, prefix and length are enforced. */
export function addressFromString(s: string): Uint8Array {
  const a = bech32Decode(s, ADDRESS_HRP);
  if (a.length !== ADDRESS_SIZE)
    throw new CommonError(CommonError.INVALID_ADDRESS, 'address must be 21 bytes');
  return a;
}
