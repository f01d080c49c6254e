/**
 * Signed envelopes in Oasis's shape: `Signed{untrusted_raw_value, signature{public_key,
 * signature}}` and `MultiSigned{untrusted_raw_value, signatures[]}`. The raw value stays opaque
 * bytes until its signature has been checked, so nothing is decoded from unauthenticated input.
 */
import { array, bytes, bytes32, bytes64, type Codec, decodeWith, encodeWith, struct } from '../cbor/index.js';
import { CommonError } from '../errors.js';
import { type Signer, verify } from './ed25519.js';

/** `signature.Signature`: a public key and a 64-byte signature. */
export const signatureCodec = struct({ public_key: bytes32, signature: bytes64 }, 'Signature');
export interface Signature {
  public_key: Uint8Array;
  signature: Uint8Array;
}

/** `signature.Signed`. */
export const signedCodec = struct(
  { untrusted_raw_value: bytes({ max: 16 * 1024 * 1024 }), signature: signatureCodec },
  'Signed',
);
export interface Signed {
  untrusted_raw_value: Uint8Array;
  signature: { public_key: Uint8Array; signature: Uint8Array };
}

/** `signature.MultiSigned`. */
export const multiSignedCodec = struct(
  { untrusted_raw_value: bytes({ max: 16 * 1024 * 1024 }), signatures: array(signatureCodec, 64) },
  'MultiSigned',
);
export interface MultiSigned {
  untrusted_raw_value: Uint8Array;
  signatures: { public_key: Uint8Array; signature: Uint8Array }[];
}

/** Sign the canonical encoding of `value` under `context`. */
export function signValue<T>(signer: Signer, context: string, codec: Codec<T>, value: T): Signed {
  const raw = encodeWith(codec, value);
  return {
    untrusted_raw_value: raw,
    signature: { public_key: signer.publicKey, signature: signer.sign(context, raw) },
  };
}

/** Verify an envelope and only then decode its value strictly. */
export function openSigned<T>(s: Signed, context: string, codec: Codec<T>): T {
  if (!verify(s.signature.public_key, context, s.untrusted_raw_value, s.signature.signature)) {
    throw new CommonError(CommonError.INVALID_SIGNATURE, `invalid signature on ${codec.name}`);
  }
  return decodeWith(codec, s.untrusted_raw_value);
}

/** Sign with several keys (Oasis node descriptors are signed by every key they name). */
export function multiSignValue<T>(
  signers: readonly Signer[],
  context: string,
  codec: Codec<T>,
  value: T,
): MultiSigned {
  const raw = encodeWith(codec, value);
  return {
    untrusted_raw_value: raw,
    signatures: signers.map((s) => ({ public_key: s.publicKey, signature: s.sign(context, raw) })),
  };
}

/** Verify every signature (distinct keys required) and decode; returns the value and signer keys. */
export function openMultiSigned<T>(
  s: MultiSigned,
  context: string,
  codec: Codec<T>,
): { value: T; signers: Uint8Array[] } {
  const seen = new Set<string>();
  for (const sig of s.signatures) {
    const k = Buffer.from(sig.public_key).toString('hex');
    if (seen.has(k)) throw new CommonError(CommonError.INVALID_SIGNATURE, 'duplicate signer');
    seen.add(k);
    if (!verify(sig.public_key, context, s.untrusted_raw_value, sig.signature)) {
      throw new CommonError(CommonError.INVALID_SIGNATURE, `invalid signature on ${codec.name}`);
    }
  }
  return { value: decodeWith(codec, s.untrusted_raw_value), signers: s.signatures.map((x) => x.public_key) };
}
