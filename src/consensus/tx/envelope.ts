/**
 * Signed transactions: the canonical `Signed` envelope under the context
 * `tandem/consensus: tx for chain <chain context>`. Decoding is bounded and strict, the signature
 * is verified once before the inner value is decoded, and the transaction hash is SHA-512/256 of
 * the signed bytes exactly as they appear in the block.
 */
import {
  addressFromPublicKey,
  bytesEqual,
  context,
  decodeWith,
  encodeWith,
  fullContext,
  hash,
  type Signer,
  signedCodec,
  signValue,
  TandemError,
  toHex,
  verify,
} from '../../common/index.js';
import { ConsensusError } from '../errors.js';
import { type EnvelopeParts, readEnvelope } from './envelope-bytes.js';
import {
  DEFAULT_MAX_TX_BYTES,
  MAX_TX_DEPTH,
  MAX_TX_ITEMS,
  METHOD_PATTERN,
  type Transaction,
  transactionCodec,
} from './transaction.js';
import { type KnownBody, readTransactionParts } from './transaction-bytes.js';
import type { VerifiedTxs } from './verified-txs.js';

// The context of the chain last asked for: a node asks for one chain's, once per transaction.
let lastTxContext: { chainContext: string; context: string } | undefined;

/** The signing context of transactions on a chain. */
export function txContext(chainContext: string): string {
  if (lastTxContext?.chainContext !== chainContext) {
    lastTxContext = { chainContext, context: fullContext(context('consensus', 'tx'), { chainContext }) };
  }
  return lastTxContext.context;
}

/** A transaction whose signature and structure were checked. */
export interface DecodedTx {
  /** SHA-512/256 of the signed bytes. */
  readonly hash: Uint8Array;
  readonly hashHex: string;
  /** Size of the signed bytes. */
  readonly size: number;
  readonly signer: Uint8Array;
  readonly feePayer: Uint8Array;
  readonly tx: Transaction;
  /** The body's canonical bytes as signed, when the decoder had them (saves re-encoding it). */
  readonly bodyBytes?: Uint8Array;
  /** The body as its method's direct reader read it, when the decode asked it (`knownBody`). */
  readonly readBody?: unknown;
}

/** Sign a transaction; returns the bytes that go into a block. */
export function signTransaction(signer: Signer, chainContext: string, tx: Transaction): Uint8Array {
  return encodeWith(signedCodec, signValue(signer, txContext(chainContext), transactionCodec, tx));
}

/** The hash of signed transaction bytes. */
export function txHash(signedBytes: Uint8Array): Uint8Array {
  return hash(signedBytes);
}

/**
 * True when `b` is a signed envelope of at most `maxTxBytes` bytes whose signature verifies under
 * the chain's transaction context: exactly the signature step of {@link decodeSignedTx}, whose
 * `signatureValid` option takes this result. False for anything that step would refuse or that
 * decoding refuses before it (not bytes, oversized, not an envelope); never throws.
 */
export function checkTxSignature(
  b: Uint8Array,
  chainContext: string,
  maxTxBytes = DEFAULT_MAX_TX_BYTES,
): boolean {
  if (!(b instanceof Uint8Array) || b.length > maxTxBytes) return false;
  let parts: EnvelopeParts;
  try {
    parts = readEnvelope(b);
  } catch (e) {
    if (e instanceof TandemError) return false;
    throw e;
  }
  return verify(parts.publicKey, txContext(chainContext), parts.raw, parts.signature);
}

/** Options of {@link decodeSignedTx}. */
export interface DecodeTxOptions {
  /** {@link txHash} of the bytes, when the caller already has it. */
  readonly knownHash?: Uint8Array;
  /** Transactions verified before (see {@link decodeSignedTx}). */
  readonly verified?: VerifiedTxs;
  /**
   * {@link checkTxSignature} of exactly these bytes under the same chain context and size limit,
   * when the caller already checked it (the signature is then not verified again).
   */
  readonly signatureValid?: boolean;
  /**
   * Whether `o.verified` held `o.knownHash` when the caller looked just before (a block's first
   * pass looks once per transaction; the decode then does not look again). An entry only ever
   * vouches for bytes that pass this decode, so a change of the set in between cannot change the
   * outcome, only which checks are repeated.
   */
  readonly held?: boolean;
  /**
   * The executor's direct body readers: a body one of them reads is not decoded generically until
   * `tx.body` is read (see {@link KnownBody}); the outcome of the decode is the same.
   */
  readonly knownBody?: KnownBody;
}

/**
 * Decode, verify and check a signed transaction. Throws {@link ConsensusError} (malformed,
 * oversized, bad signature, bad method, fee payer not first, duplicate accounts); never changes
 * anything but `o.verified`: with it, bytes whose hash it holds skip the signature check, and
 * bytes that pass every check are added to it. `o.knownHash`, when given, must be {@link txHash}
 * of `b` (a caller that already hashed the bytes saves hashing them twice), and
 * `o.signatureValid` the result of {@link checkTxSignature} on `b` (a block's signatures are
 * checked together before its transactions run).
 *
 * A held hash vouches for the whole decode of exactly those bytes (only a successful full decode
 * adds one: signature, structure and the fee payer listed first), so held bytes skip the
 * structural checks too and take the fee payer from the first listed account, which that decode
 * found equal to the signer's address.
 */
export function decodeSignedTx(
  b: Uint8Array,
  chainContext: string,
  maxTxBytes = DEFAULT_MAX_TX_BYTES,
  o: DecodeTxOptions = {},
): DecodedTx {
  if (!(b instanceof Uint8Array)) throw new ConsensusError(ConsensusError.MALFORMED_TX, 'tx is not bytes');
  if (b.length > maxTxBytes) {
    throw new ConsensusError(ConsensusError.TX_TOO_LARGE, `tx of ${b.length} bytes exceeds ${maxTxBytes}`);
  }
  const { raw, publicKey: pub, signature } = readEnvelope(b);
  const h = o.knownHash ?? txHash(b);
  const known = o.knownHash !== undefined && o.held !== undefined ? o.held : o.verified?.hasHash(h) === true;
  if (!known && !(o.signatureValid ?? verify(pub, txContext(chainContext), raw, signature))) {
    throw new ConsensusError(ConsensusError.INVALID_SIGNATURE, 'invalid transaction signature');
  }
  const fast = readTransactionParts(raw, o.knownBody);
  const tx =
    fast?.tx ??
    strict(() =>
      decodeWith(transactionCodec, raw, {
        maxSize: maxTxBytes,
        maxDepth: MAX_TX_DEPTH,
        maxItems: MAX_TX_ITEMS,
      }),
    );
  const first = tx.accounts[0];
  let feePayer: Uint8Array;
  if (known && first !== undefined) feePayer = first.address;
  else {
    feePayer = addressFromPublicKey(pub);
    checkTx(tx, feePayer);
  }
  if (!known) o.verified?.addHash(h);
  return new Decoded(h, b.length, new Uint8Array(pub), feePayer, tx, fast?.body, fast?.read);
}

/**
 * The result, a class rather than an object literal with a getter (V8 builds such a literal
 * slowly, and it was a visible share of the UED worker's decode); its hex hash is made only if
 * read (nothing on the executor's path reads it). The fields are declared only, and assigned in
 * the constructor: defined class fields (this target's default) cost an initializer call per
 * object.
 */
class Decoded implements DecodedTx {
  declare readonly hash: Uint8Array;
  declare readonly size: number;
  declare readonly signer: Uint8Array;
  declare readonly feePayer: Uint8Array;
  declare readonly tx: Transaction;
  declare readonly bodyBytes: Uint8Array | undefined;
  declare readonly readBody: unknown;
  declare private hex: string | undefined;

  constructor(
    hash: Uint8Array,
    size: number,
    signer: Uint8Array,
    feePayer: Uint8Array,
    tx: Transaction,
    bodyBytes: Uint8Array | undefined,
    readBody: unknown,
  ) {
    this.hash = hash;
    this.size = size;
    this.signer = signer;
    this.feePayer = feePayer;
    this.tx = tx;
    this.bodyBytes = bodyBytes;
    this.readBody = readBody;
    this.hex = undefined;
  }

  get hashHex(): string {
    this.hex ??= toHex(this.hash);
    return this.hex;
  }
}

function strict<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ConsensusError) throw e;
    const msg = e instanceof TandemError ? `${e.module}/${e.code}: ${e.message}` : String(e);
    throw new ConsensusError(ConsensusError.MALFORMED_TX, `malformed transaction: ${msg}`);
  }
}

function checkTx(tx: Transaction, feePayer: Uint8Array): void {
  if (!METHOD_PATTERN.test(tx.method)) {
    throw new ConsensusError(
      ConsensusError.INVALID_METHOD,
      `invalid method name ${JSON.stringify(tx.method)}`,
    );
  }
  const first = tx.accounts[0];
  if (first === undefined || !first.writable || !bytesEqual(first.address, feePayer)) {
    throw new ConsensusError(
      ConsensusError.FEE_PAYER_NOT_FIRST,
      "the signer's address must be listed first and writable (fee payer)",
    );
  }
  if (hasDuplicate(tx.accounts)) {
    throw new ConsensusError(ConsensusError.DUPLICATE_ACCOUNT, 'account listed twice');
  }
}

/** Pairwise for the usual few accounts (no string per address), a set for long lists. */
function hasDuplicate(accounts: Transaction['accounts']): boolean {
  const n = accounts.length;
  if (n <= 8) {
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) if (bytesEqual(accounts[i]!.address, accounts[j]!.address)) return true;
    }
    return false;
  }
  const seen = new Set<string>();
  for (const a of accounts) {
    const k = toHex(a.address);
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}
