/** Transaction submission and execution status (APE-19, APE-20). */
import { executionStatusJ, type SubmitResult, submitResultJ } from '../encode.js';
import { executionStatusParams, submitTxParams } from '../params.js';
import { defineMethod } from './types.js';

/**
 * `submitTx {tx, wait?, minStake?, timeoutMs?}` → `{hash}` on mempool admission, plus the included
 * transaction (`wait: "inclusion"`) or the confirmed execution status (`wait: "execution"`).
 */
export const submitTx = defineMethod(submitTxParams, async ({ backend, limits, waiters }, p) => {
  const wait = p.wait ?? 'none';
  if (wait === 'none') return submitResultJ.encode(await backend.submitTx(p.tx));
  const timeoutMs = Math.min(p.timeoutMs ?? limits.defaultWaitMs, limits.maxWaitMs);
  // The gate is taken before submitting, so a refused waiter never leaves a submitted transaction.
  const out = await waiters.run(async (): Promise<SubmitResult> => {
    const { hash } = await backend.submitTx(p.tx);
    if (wait === 'inclusion') return { hash, included: await backend.waitForInclusion(hash, timeoutMs) };
    return { hash, execution: await backend.waitForExecution(hash, p.minStake, timeoutMs) };
  });
  return submitResultJ.encode(out);
});

/** `executionStatus {hash, minStake?}` → status at the stake threshold. */
export const executionStatus = defineMethod(executionStatusParams, async ({ backend }, p) =>
  executionStatusJ.encode(await backend.executionStatus(p.hash, p.minStake)),
);
