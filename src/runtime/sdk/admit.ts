/**
 * The checks every transaction passes before it may run, shared by CheckTxBatch and
 * ExecuteTxBatch: size, envelope, signature (openTx), a declared method, a body its codec
 * accepts, and a nonce equal to the sender's next nonce.
 */
import type { ReadSyncer } from '../../mkvs/index.js';
import type { MethodDef, RuntimeDefinition } from './define.js';
import { SdkError } from './errors.js';
import type { NodeCache } from './fetcher.js';
import { DEFAULT_MAX_TX_BYTES, type OpenedTx, openTx, SignatureVerdict, type TxDomain } from './tx.js';
import type { VerifiedTxCache } from './verified.js';
import type { SignatureWorkerPool } from './verify-pool.js';

/** What a runtime knows after its handshake. */
export interface RuntimeSession {
  readonly def: RuntimeDefinition;
  readonly domain: TxDomain;
  readonly syncer: ReadSyncer;
  /** Verified state nodes, kept across requests. */
  readonly cache: NodeCache;
  /** Transactions whose signature this session verified (CheckTxBatch, then ExecuteTxBatch). */
  readonly verified?: VerifiedTxCache;
  /** Worker threads that verify a batch's signatures ahead of its execution. */
  readonly pool?: SignatureWorkerPool;
  /** Set by an abort request; the batch in progress then fails. */
  aborted: boolean;
}

/** A transaction ready to run. */
export interface AdmittedTx extends OpenedTx {
  readonly method: MethodDef;
  readonly body: unknown;
}

/** The largest transaction the session's runtime accepts. */
export function maxTxBytesOf(s: RuntimeSession): number {
  return s.def.maxTxBytes ?? DEFAULT_MAX_TX_BYTES;
}

/**
 * Open a transaction and check everything but its nonce. `known` is a signature verdict on these
 * bytes computed ahead (see `BatchVerdicts`); `txHash`, when given, is `hash(input)` (see
 * `inputHashes`).
 */
export function admit(
  s: RuntimeSession,
  input: Uint8Array,
  known: SignatureVerdict = SignatureVerdict.UNKNOWN,
  txHash?: Uint8Array,
): AdmittedTx {
  const opened = openTx(input, s.domain, maxTxBytesOf(s), s.verified, known, txHash);
  const name = opened.tx.method;
  const method = Object.hasOwn(s.def.methods, name) ? s.def.methods[name] : undefined;
  if (!method) throw new SdkError(SdkError.UNKNOWN_METHOD, `unknown method ${JSON.stringify(name)}`);
  let body: unknown;
  try {
    body = method.body.fromCbor(opened.tx.body ?? null, 'body');
  } catch (e) {
    throw new SdkError(SdkError.INVALID_BODY, `invalid body for ${name}: ${(e as Error).message}`);
  }
  // Named fields, not a spread: a spread copies through a generic path on every transaction.
  return {
    tx: opened.tx,
    hash: opened.hash,
    publicKey: opened.publicKey,
    sender: opened.sender,
    method,
    body,
  };
}

/** Throw INVALID_NONCE unless `tx` uses `expected`. */
export function checkNonce(tx: AdmittedTx, expected: bigint): void {
  if (tx.tx.nonce !== expected) {
    throw new SdkError(
      SdkError.INVALID_NONCE,
      `nonce ${tx.tx.nonce} is not the sender's next nonce ${expected}`,
    );
  }
}
