/**
 * Mempool admission through the consensus app's `checkTx`, keeping the check's coded refusal:
 * the mempool itself reports only its own codes and a reason text, but an API caller must get
 * the module and code of the rule its transaction broke. The refusal of a new transaction is
 * parked by hash while the mempool finishes `add` and collected right after by {@link
 * Admission.submit}; the parking lot is bounded (transactions added from elsewhere, e.g. gossip,
 * leave entries nobody collects).
 */
import { hash, toHex, type WireError } from '../common/index.js';
import { BftError, type CheckTxFn, Mempool, type MempoolOptions } from '../consensus/bft/index.js';
import type { ChainApp } from '../domains/index.js';
import type { SubmitOutcome } from './chain-backend.js';

/** Refusals parked at most (oldest dropped first). */
const MAX_PARKED = 1024;

/** A mempool fed by an app's check, and the submit function of a {@link ChainBackendParts}. */
export interface Admission {
  readonly mempool: Mempool;
  submit(tx: Uint8Array): Promise<SubmitOutcome>;
}

/** Default mempool bounds (the transaction size comes from genesis). */
export const DEFAULT_MEMPOOL: Omit<MempoolOptions, 'checkTx' | 'maxTxBytes'> = {
  maxTxs: 10_000,
  maxBytes: 64 * 1024 * 1024,
  maxPerSender: 64,
};

/** Build a mempool checked by `app` and its coded submit. */
export function createAdmission(
  app: ChainApp,
  maxTxBytes: number,
  opts: Partial<Omit<MempoolOptions, 'checkTx'>> = {},
): Admission {
  const parked = new Map<string, WireError>();
  const check: CheckTxFn = async (tx, mode) => {
    const r = await app.checkTx(tx, mode);
    if (r.ok)
      return { ok: true, sender: toHex(r.feePayer), nonce: r.nonce, next: r.accountNonce, fee: r.fee };
    if (mode === 'new') {
      parked.set(toHex(hash(tx)), { module: r.module, code: r.code, message: r.reason });
      if (parked.size > MAX_PARKED) parked.delete(parked.keys().next().value as string);
    }
    return { ok: false, reason: `${r.module}/${r.code}: ${r.reason}` };
  };
  const mempool = new Mempool({ ...DEFAULT_MEMPOOL, maxTxBytes, ...opts, checkTx: check });
  return {
    mempool,
    async submit(tx) {
      const r = await mempool.add(tx);
      if (r.added) return { added: true, hash: r.hash };
      const key = tx instanceof Uint8Array ? toHex(hash(tx)) : '';
      const own = parked.get(key);
      parked.delete(key);
      return { added: false, error: own ?? { module: BftError.MODULE, code: r.code, message: r.reason } };
    },
  };
}
