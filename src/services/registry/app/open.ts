/**
 * Opening signed descriptors: signatures are verified over the raw bytes first, and only then is
 * the value decoded (strictly, canonical only). Failures become registry errors.
 */
import {
  CborError,
  type Codec,
  CommonError,
  fullContext,
  type MultiSigned,
  context as makeContext,
  openMultiSigned,
  openSigned,
  type Signed,
} from '../../../common/index.js';
import { REGISTRY_MODULE, RegistryError } from '../api/index.js';

/** Chain-separated context `tandem/registry: register entity for chain …`. */
export function entityContext(chainContext: string): string {
  return fullContext(makeContext(REGISTRY_MODULE, 'register entity'), { chainContext });
}

/** Chain-separated context `tandem/registry: register node for chain …`. */
export function nodeContext(chainContext: string): string {
  return fullContext(makeContext(REGISTRY_MODULE, 'register node'), { chainContext });
}

/**
 * Context of entity descriptors in the genesis document, `tandem/registry: register genesis
 * entity`: without chain separation, since the chain context is the hash of the document that
 * holds the signatures (Oasis has the same genesis contexts).
 */
export function genesisEntityContext(): string {
  return fullContext(makeContext(REGISTRY_MODULE, 'register genesis entity'));
}

/** Context of node descriptors in the genesis document (see {@link genesisEntityContext}). */
export function genesisNodeContext(): string {
  return fullContext(makeContext(REGISTRY_MODULE, 'register genesis node'));
}

function translate(e: unknown, what: string): never {
  if (e instanceof CommonError && e.code === CommonError.INVALID_SIGNATURE) {
    throw new RegistryError(RegistryError.INVALID_SIGNATURE, `registry: ${what}: ${e.message}`);
  }
  if (e instanceof CborError) {
    throw new RegistryError(RegistryError.MALFORMED_DESCRIPTOR, `registry: ${what}: ${e.message}`);
  }
  throw e;
}

/** Verify a Signed envelope and decode its value; returns the value and the signing key. */
export function openSignedDescriptor<T>(
  s: Signed,
  ctx: string,
  codec: Codec<T>,
): { value: T; signer: Uint8Array } {
  try {
    return { value: openSigned(s, ctx, codec), signer: s.signature.public_key };
  } catch (e) {
    return translate(e, codec.name);
  }
}

/** Verify every signature of a MultiSigned envelope and decode its value. */
export function openMultiSignedDescriptor<T>(
  s: MultiSigned,
  ctx: string,
  codec: Codec<T>,
): { value: T; signers: Uint8Array[] } {
  try {
    return openMultiSigned(s, ctx, codec);
  } catch (e) {
    return translate(e, codec.name);
  }
}

/** MALFORMED_DESCRIPTOR unless `v` is the supported descriptor version. */
export function requireVersion(v: number, expected: number, what: string): void {
  if (v !== expected) {
    throw new RegistryError(
      RegistryError.MALFORMED_DESCRIPTOR,
      `registry: ${what} version ${v}, expected ${expected}`,
    );
  }
}
