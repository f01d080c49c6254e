/**
 * Pipelined execution of consecutive batches: while the host checks and commits batch N (IO and
 * state roots rebuilt from the write logs, messages hash, commit), the runtime already executes
 * batch N+1 on top of the block N claims, so the host's work and the runtime's overlap on two
 * cores instead of taking turns.
 *
 * Safety: N+1 is computed on N's claimed output, so nothing of N+1 is reported or committed before
 * N's checks pass; N+1's own results must then follow the block N actually produced (the same
 * header, built by {@link childHeader} from the same claims). If N is refused, N+1's results are
 * awaited and dropped, and the error of N is thrown: nothing after N-1 is committed, and the caller
 * may re-run from there. The protocol is unchanged: each batch is an ordinary ExecuteTxBatch.
 */
import type { BlockHeader, RuntimeExecuteTxBatchResponse } from '../rhp/index.js';
import { childHeader, type LocalState } from './local-state.js';

/** What one executed batch gave (shared with the sequential path). */
export interface BatchOutcome {
  readonly response: RuntimeExecuteTxBatchResponse;
  /** The block the batch produced (now the head). */
  readonly header: BlockHeader;
}

/** Sends one batch's inputs to the runtime for execution on top of `parent`. */
export type ExecuteOn = (
  parent: BlockHeader,
  inputs: readonly Uint8Array[],
) => Promise<RuntimeExecuteTxBatchResponse>;

/** Called once per batch, in order, after the batch is committed (and only then). */
export type OnCommitted = (outcome: BatchOutcome, index: number) => void;

/**
 * Execute `batches` in order on `state`'s head with at most two batches in flight (the one being
 * checked, the next being executed). Resolves with every outcome; rejects with the first error,
 * after which `state`'s head is the last batch that passed (see the module comment).
 */
export async function executePipelined(
  state: LocalState,
  send: ExecuteOn,
  batches: readonly (readonly Uint8Array[])[],
  onCommitted?: OnCommitted,
): Promise<BatchOutcome[]> {
  const out: BatchOutcome[] = [];
  let parent = state.head;
  let inflight = batches.length > 0 ? send(parent, batches[0]!) : undefined;
  for (let i = 0; inflight !== undefined; i++) {
    const response = await inflight;
    parent = childHeader(parent, response.batch.header);
    const next = i + 1 < batches.length ? send(parent, batches[i + 1]!) : undefined;
    next?.catch(() => {}); // its failure is seen when it is awaited, never as an unhandled one
    try {
      const outcome = { response, header: await state.apply(response.batch) };
      out.push(outcome);
      onCommitted?.(outcome, i);
    } catch (e) {
      // N refused (N+1 ran on a block that will never exist) or the caller's callback threw: let
      // N+1 finish, so the runtime is idle when the error is seen, and drop whatever it gave.
      await next?.catch(() => {});
      throw e;
    }
    inflight = next;
  }
  return out;
}
