/**
 * Signature contexts of roothash (spec/oasis.md §3.2, §10). Each is `"<prefix>/roothash: <use>"`,
 * then `" for runtime <64 hex>"` so a signature for one runtime is useless for another, then the
 * chain separation. The prefix is Tandem's (`tandem`) unless a vector test sets `oasis-core`. The
 * RAK context alone has no suffix and no chain part, as in Oasis. Built on each call because the
 * prefix is read at call time.
 */
import { context, fullContext, toHex } from '../../../common/index.js';

/** Module name in every roothash context. */
export const ROOTHASH_CONTEXT_MODULE = 'roothash';

/** The dynamic suffix naming the runtime. */
export function runtimeSuffix(runtimeId: Uint8Array): string {
  return ` for runtime ${toHex(runtimeId)}`;
}

function runtimeContext(use: string, runtimeId: Uint8Array, chainContext: string): string {
  return fullContext(context(ROOTHASH_CONTEXT_MODULE, use), {
    suffix: runtimeSuffix(runtimeId),
    chainContext,
  });
}

/** Context of a node's signature over an `ExecutorCommitmentHeader`. */
export function executorCommitmentContext(runtimeId: Uint8Array, chainContext: string): string {
  return runtimeContext('executor commitment', runtimeId, chainContext);
}

/** Context of a scheduler's signature over a `ProposalHeader`. */
export function proposalContext(runtimeId: Uint8Array, chainContext: string): string {
  return runtimeContext('proposal', runtimeId, chainContext);
}

/** Context of a proposal batch signature (defined, unused: Oasis has batch signing disabled). */
export function proposalBatchContext(runtimeId: Uint8Array, chainContext: string): string {
  return runtimeContext('proposal batch', runtimeId, chainContext);
}

/** Context of a storage node's receipt (Tandem's addition, RT-22). */
export function storageReceiptContext(runtimeId: Uint8Array, chainContext: string): string {
  return runtimeContext('storage receipt', runtimeId, chainContext);
}

/** Context of a runtime attestation key's signature over a `ComputeResultsHeader` (no chain). */
export function computeResultsHeaderContext(): string {
  return context(ROOTHASH_CONTEXT_MODULE, 'compute results header');
}
