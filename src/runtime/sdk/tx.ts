/**
 * Runtime transactions: `Signed{untrusted_raw_value: CBOR({nonce, method, body?}), signature}`,
 * signed by the sender with the context `tandem/runtime: tx for runtime <hex id> for chain <chain
 * context>`, so a transaction is valid for exactly one runtime on one chain. The sender is the
 * staking-style address of the signing key. Clients and tests build them with {@link signTx}.
 */
import {
  addressFromPublicKey,
  bytesKey,
  context,
  decodeWith,
  encodeWith,
  fullContext,
  getContextPrefix,
  hashBytes,
  optional,
  raw,
  readCanonicalSigned,
  type Signer,
  signedCodec,
  struct,
  text,
  toHex,
  u64,
  verify,
} from '../../common/index.js';
import { SdkError } from './errors.js';
import { readCanonicalTx } from './tx-layout.js';

/** Default largest accepted transaction (the whole signed envelope), in bytes. */
export const DEFAULT_MAX_TX_BYTES = 64 * 1024;
/** Longest method name. */
export const MAX_METHOD_NAME = 128;

/** What the sender signs. `body` is any CBOR value the method's codec accepts. */
export interface RuntimeTx {
  nonce: bigint;
  method: string;
  body?: unknown;
}
/** Codec of {@link RuntimeTx}. */
export const runtimeTxCodec = struct(
  { nonce: u64, method: text(MAX_METHOD_NAME), body: optional(raw) },
  'RuntimeTx',
);

/** Where a transaction is valid: one runtime on one chain. */
export interface TxDomain {
  /** The runtime id (32 bytes). */
  runtimeId: Uint8Array;
  /** The chain context: 64 lower-case hex digits. */
  chainContext: string;
}

/** The full signature context of runtime transactions of `domain`. */
export function txContext(domain: TxDomain): string {
  return fullContext(context('runtime', 'tx'), {
    suffix: ` for runtime ${toHex(domain.runtimeId)}`,
    chainContext: domain.chainContext,
  });
}

/** Encode and sign a runtime transaction; returns the bytes a client submits. */
export function signTx(signer: Signer, domain: TxDomain, tx: RuntimeTx): Uint8Array {
  let rawTx: Uint8Array;
  try {
    rawTx = encodeWith(runtimeTxCodec, tx);
  } catch (e) {
    throw new SdkError(SdkError.INVALID_ARGUMENT, `cannot encode transaction: ${(e as Error).message}`);
  }
  const sig = signer.sign(txContext(domain), rawTx);
  return encodeWith(signedCodec, {
    untrusted_raw_value: rawTx,
    signature: { public_key: signer.publicKey, signature: sig },
  });
}

/** The envelope's fields: the canonical layout read directly, anything else strictly decoded. */
function openEnvelope(bytes: Uint8Array, maxBytes: number): ReturnType<typeof signedCodec.fromCbor> {
  // Nothing handed on aliases the caller's bytes (as with the decoder), but one copy of the
  // envelope serves all three fields: views into it, not three arrays per transaction.
  const own = bytes.slice();
  const fast = readCanonicalSigned(own);
  if (fast) {
    return {
      untrusted_raw_value: fast.raw,
      signature: { public_key: fast.publicKey, signature: fast.signature },
    };
  }
  try {
    return decodeWith(signedCodec, bytes, { maxSize: maxBytes });
  } catch (e) {
    throw new SdkError(SdkError.MALFORMED_TX, `malformed transaction envelope: ${(e as Error).message}`);
  }
}

/** A transaction whose size, encoding and signature have been checked (not its nonce). */
export interface OpenedTx {
  readonly tx: RuntimeTx;
  /** SHA-512/256 of the submitted bytes (the IO tree's txHash). */
  readonly hash: Uint8Array;
  readonly publicKey: Uint8Array;
  /** The sender's address (21 bytes). */
  readonly sender: Uint8Array;
}

/** Signatures already verified (see `VerifiedTxCache`): `has` skips a verification, `add` records one. */
export interface VerifiedTxs {
  has(txHash: Uint8Array): boolean;
  add(txHash: Uint8Array): void;
}

/**
 * What a verifier running elsewhere (a worker thread) found out about a transaction's signature:
 * {@link SignatureVerdict.UNKNOWN} when it did not get that far (too large, malformed envelope),
 * so the caller learns nothing and checks everything itself.
 */
export const SignatureVerdict = { UNKNOWN: 0, VALID: 1, INVALID: 2 } as const;
/** A {@link SignatureVerdict} value. */
export type SignatureVerdict = (typeof SignatureVerdict)[keyof typeof SignatureVerdict];

/**
 * The signature verdict of submitted bytes under the full signature context `ctx` (see
 * {@link txContext}), by the same steps as {@link openTx}. Never throws.
 */
export function txSignatureVerdict(bytes: Uint8Array, ctx: string, maxBytes: number): SignatureVerdict {
  if (bytes.length > maxBytes) return SignatureVerdict.UNKNOWN;
  let signed: ReturnType<typeof openEnvelope>;
  try {
    signed = openEnvelope(bytes, maxBytes);
  } catch {
    return SignatureVerdict.UNKNOWN;
  }
  const { public_key, signature } = signed.signature;
  return verify(public_key, ctx, signed.untrusted_raw_value, signature)
    ? SignatureVerdict.VALID
    : SignatureVerdict.INVALID;
}

/**
 * Check size, strict canonical encoding and signature of submitted bytes, in that order, so
 * nothing from an unauthenticated payload is decoded beyond the envelope. With `verified`, a
 * transaction whose exact bytes verified before (under the same domain) is not verified again.
 * `known` is a verdict on these exact bytes from {@link txSignatureVerdict} computed elsewhere
 * (VALID or INVALID are taken as the verification's result; UNKNOWN or absent: verify here).
 * `txHash`, when given, must be `hash(bytes)` computed by the caller (a batch hashes its inputs
 * once, for the verified-signature cache and for admission).
 */
export function openTx(
  bytes: Uint8Array,
  domain: TxDomain,
  maxBytes = DEFAULT_MAX_TX_BYTES,
  verified?: VerifiedTxs,
  known: SignatureVerdict = SignatureVerdict.UNKNOWN,
  txHash?: Uint8Array,
): OpenedTx {
  if (bytes.length > maxBytes) {
    throw new SdkError(SdkError.TX_TOO_LARGE, `transaction of ${bytes.length} bytes exceeds ${maxBytes}`);
  }
  const signed = openEnvelope(bytes, maxBytes);
  const pub = signed.signature.public_key;
  txHash ??= hashBytes(bytes);
  if (known === SignatureVerdict.VALID) verified?.add(txHash);
  else if (known === SignatureVerdict.INVALID || !verified?.has(txHash)) {
    const ok =
      known !== SignatureVerdict.INVALID &&
      verify(pub, txContext(domain), signed.untrusted_raw_value, signed.signature.signature);
    if (!ok) throw new SdkError(SdkError.INVALID_SIGNATURE, 'transaction signature does not verify');
    verified?.add(txHash);
  }
  return {
    tx: decodeTx(signed.untrusted_raw_value, maxBytes),
    hash: txHash,
    publicKey: pub,
    sender: senderAddress(pub),
  };
}

/** The signed transaction: the canonical layout read directly, anything else strictly decoded. */
function decodeTx(raw: Uint8Array, maxBytes: number): RuntimeTx {
  const fast = readCanonicalTx(raw, MAX_METHOD_NAME);
  if (fast) return fast;
  try {
    return decodeWith(runtimeTxCodec, raw, { maxSize: maxBytes });
  } catch (e) {
    throw new SdkError(SdkError.MALFORMED_TX, `malformed transaction: ${(e as Error).message}`);
  }
}

const ADDRESS_CACHE_MAX = 4096;
/** Address by public key, with the context prefix it was derived under. */
const addresses = new Map<string, { readonly prefix: string; readonly address: Uint8Array }>();

/**
 * The address of `pub`; the few senders of a batch are derived once (a copy is handed out). The
 * derivation depends on the context prefix too (tests switch it): an entry made under another
 * prefix is derived again.
 */
function senderAddress(pub: Uint8Array): Uint8Array {
  const k = bytesKey(pub);
  const prefix = getContextPrefix();
  let a = addresses.get(k);
  if (a === undefined || a.prefix !== prefix) {
    a = { prefix, address: addressFromPublicKey(pub) };
    if (addresses.size >= ADDRESS_CACHE_MAX) addresses.delete(addresses.keys().next().value as string);
    addresses.set(k, a);
  }
  return new Uint8Array(a.address);
}
