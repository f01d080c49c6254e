/**
 * The leader's UED budget (issue 7 item 4, APE-6): a proposer takes UED transactions into its block
 * only while the gas they declare stays within a per-block budget, so the UED, which executes
 * behind consensus, keeps up at the target load and the APE-6 wait at epoch starts stays rare.
 *
 * It is a proposer's policy, not a validity rule: a node option, so validators with different
 * budgets still accept each other's blocks. VED transactions are not counted (they are executed
 * before voting anyway). A transaction whose envelope cannot be read is left in place uncounted: the
 * executor skips it. Once a UED transaction does not fit, no later UED transaction is taken, so a
 * sender's later nonce never enters a block without its earlier one.
 */
import { type DomainView, domainsOf, readEnvelope, readTransactionFast } from '../consensus/index.js';

/** The declared gas of a UED transaction, or undefined for a VED or unreadable one. */
export function uedGasOf(tx: Uint8Array, view: DomainView): bigint | undefined {
  let payer: Uint8Array | undefined;
  let gas: bigint;
  try {
    const t = readTransactionFast(readEnvelope(tx).raw);
    if (t === undefined) return undefined;
    payer = t.accounts[0]?.address;
    gas = t.fee.gas;
  } catch {
    return undefined;
  }
  if (payer === undefined) return undefined;
  return domainsOf(payer, view)[0] === 'ued' ? gas : undefined;
}

/**
 * The candidates a proposal takes, in order: at most `maxTxs`, with the UED ones' declared gas
 * summing to at most `budget` (no budget: every candidate up to `maxTxs`).
 */
export function takeWithinUedBudget(
  candidates: readonly Uint8Array[],
  maxTxs: number,
  budget: bigint | undefined,
  view: DomainView,
): Uint8Array[] {
  if (budget === undefined) return candidates.slice(0, maxTxs);
  const out: Uint8Array[] = [];
  let used = 0n;
  let full = false;
  for (const tx of candidates) {
    if (out.length >= maxTxs) break;
    const gas = uedGasOf(tx, view);
    if (gas !== undefined) {
      if (full || used + gas > budget) {
        full = true;
        continue;
      }
      used += gas;
    }
    out.push(tx);
  }
  return out;
}
