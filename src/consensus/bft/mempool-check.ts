/**
 * Strict handling of what comes from outside the mempool: its options, and whatever the
 * application's `checkTx` returns or throws (a buggy check must not corrupt the pool or make
 * `add` throw).
 */
import { BftError } from './errors.js';

/** Outcome of the application's check of one transaction. */
export type TxCheck =
  | {
      ok: true;
      /** Who signed; transactions of one sender are ordered by `nonce`. */
      sender: string;
      nonce: bigint;
      /**
       * The sender's next executable nonce in the state the check read, when the application
       * knows it: the pool does not reap a sender's transactions above it until the ones in
       * between arrive (a block could not execute them).
       */
      next?: bigint;
      /** Total fee the transaction pays; priority is `fee / byteLength`. */
      fee: bigint;
    }
  | { ok: false; reason: string };

/** The application's transaction check; `'recheck'` runs against the state after a new block. */
export type CheckTxFn = (tx: Uint8Array, mode: 'new' | 'recheck') => TxCheck | Promise<TxCheck>;

/** Sizing and the check function of a {@link Mempool}. */
export interface MempoolOptions {
  /** Most transactions held. */
  maxTxs: number;
  /** Most bytes held (sum of transaction lengths). */
  maxBytes: number;
  /** Largest single transaction accepted. */
  maxTxBytes: number;
  /** Most transactions held per sender. */
  maxPerSender: number;
  checkTx: CheckTxFn;
  /** Recently committed hashes remembered to refuse replays (default 10,000; 0 disables). */
  seenCacheSize?: number;
}

/** Longest sender id kept (it is a map key held per transaction). */
export const MAX_SENDER_LENGTH = 256;
/** Longest rejection reason passed on from `checkTx`. */
export const MAX_REASON_LENGTH = 256;
/** Default size of the committed-hash cache. */
export const DEFAULT_SEEN_CACHE_SIZE = 10_000;

/** Throw a coded error unless every bound is a positive safe integer and `checkTx` a function. */
export function validateOptions(o: MempoolOptions): void {
  const bounds = ['maxTxs', 'maxBytes', 'maxTxBytes', 'maxPerSender'] as const;
  for (const k of bounds) {
    const v = o?.[k];
    if (!Number.isSafeInteger(v) || v <= 0)
      throw new BftError(BftError.MEMPOOL_OPTIONS, `mempool option ${k} must be a positive integer`, {
        [k]: v,
      });
  }
  if (typeof o.checkTx !== 'function')
    throw new BftError(BftError.MEMPOOL_OPTIONS, 'mempool option checkTx must be a function');
  const seen = o.seenCacheSize ?? DEFAULT_SEEN_CACHE_SIZE;
  if (!Number.isSafeInteger(seen) || seen < 0)
    throw new BftError(
      BftError.MEMPOOL_OPTIONS,
      'mempool option seenCacheSize must be a non-negative integer',
    );
}

/** A check result after validation: accepted fields, or a coded rejection. */
export type CheckedTx =
  | { ok: true; sender: string; nonce: bigint; next: bigint | undefined; fee: bigint }
  | { ok: false; code: number; reason: string };

/** Call `checkTx` and validate what it gives back; throws and malformed results become rejections. */
export async function runCheck(fn: CheckTxFn, tx: Uint8Array, mode: 'new' | 'recheck'): Promise<CheckedTx> {
  let r: unknown;
  try {
    r = await fn(tx, mode);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, code: BftError.TX_CHECK_INVALID, reason: `checkTx failed: ${clip(msg)}` };
  }
  return validateCheck(r);
}

function validateCheck(r: unknown): CheckedTx {
  const bad = (why: string): CheckedTx => ({ ok: false, code: BftError.TX_CHECK_INVALID, reason: why });
  if (typeof r !== 'object' || r === null) return bad('checkTx returned no result');
  const c = r as Record<string, unknown>;
  if (c.ok === false) {
    const reason = typeof c.reason === 'string' && c.reason !== '' ? clip(c.reason) : 'rejected by checkTx';
    return { ok: false, code: BftError.TX_REJECTED, reason };
  }
  if (c.ok !== true) return bad('checkTx result has no ok flag');
  const { sender, nonce, next, fee } = c;
  if (typeof sender !== 'string' || sender === '' || sender.length > MAX_SENDER_LENGTH)
    return bad('checkTx returned an invalid sender');
  if (typeof nonce !== 'bigint' || nonce < 0n) return bad('checkTx returned an invalid nonce');
  if (next !== undefined && (typeof next !== 'bigint' || next < 0n || next > nonce))
    return bad('checkTx returned an invalid next nonce');
  if (typeof fee !== 'bigint' || fee < 0n) return bad('checkTx returned an invalid fee');
  return { ok: true, sender, nonce, next, fee };
}

function clip(s: string): string {
  return s.length > MAX_REASON_LENGTH ? `${s.slice(0, MAX_REASON_LENGTH)}…` : s;
}
