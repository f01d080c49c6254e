/**
 * `roothash.SubmitEvidence` (spec/oasis.md §3.6, RT-14): two valid commitments of one node for the
 * same round and scheduler batch whose results differ. The runtime must slash for equivocation:
 * the `equivocation` hook freezes the node and queues the slash (and the submitter's reward); it
 * answers false when the runtime configures no such slash, and the transaction fails.
 */
import { bytesEqual } from '../../../common/index.js';
import type { MethodDef, TxContext } from '../../../consensus/index.js';
import {
  computeResultsHash,
  EVENT_EQUIVOCATION,
  type ExecutorCommitment,
  evidenceId,
  METHOD_SUBMIT_EVIDENCE,
  ROOTHASH_MODULE,
  RoothashError,
  SUBMIT_EVIDENCE_GAS,
  type SubmitEvidenceBody,
  submitEvidenceBodyCodec,
  verifyExecutorCommitment,
} from '../api/index.js';
import { evidenceKey, readRuntimeState } from '../state/index.js';
import type { RoothashSources } from './sources.js';

function invalid(why: string): never {
  throw new RoothashError(RoothashError.INVALID_EVIDENCE, `roothash evidence: ${why}`);
}

function resultsOf(c: ExecutorCommitment): string {
  const h = c.header;
  return h.failure !== 0 ? `failure:${h.failure}` : Buffer.from(computeResultsHash(h.header)).toString('hex');
}

function checkPair(ctx: TxContext, id: Uint8Array, a: ExecutorCommitment, b: ExecutorCommitment): void {
  if (!bytesEqual(a.node_id, b.node_id)) invalid('commitments of different nodes');
  for (const c of [a, b]) {
    if (!verifyExecutorCommitment(c, id, ctx.chainContext)) invalid('a signature does not verify');
  }
  const ha = a.header;
  const hb = b.header;
  if (ha.header.round !== hb.header.round || !bytesEqual(ha.header.previous_hash, hb.header.previous_hash)) {
    invalid('commitments of different rounds');
  }
  if (!bytesEqual(ha.scheduler_id, hb.scheduler_id)) invalid('commitments for different batches');
  if (resultsOf(a) === resultsOf(b)) invalid('the commitments agree');
}

/** Handle one SubmitEvidence body. */
export async function submitEvidence(ctx: TxContext, src: RoothashSources, body: SubmitEvidenceBody) {
  const { a, b } = body.equivocation_executor;
  if ((await readRuntimeState(ctx.state, body.id)) === null) {
    throw new RoothashError(RoothashError.UNKNOWN_RUNTIME, 'roothash does not know this runtime');
  }
  checkPair(ctx, body.id, a, b);
  const round = a.header.header.round;
  const key = evidenceKey(evidenceId(body.id, a.node_id, round));
  if ((await ctx.state.get(key)) !== null) {
    throw new RoothashError(RoothashError.DUPLICATE_EVIDENCE, 'roothash evidence: already acted on');
  }
  if (!(await src.equivocation?.(ctx, body.id, a.node_id, ctx.signer))) {
    throw new RoothashError(
      RoothashError.EVIDENCE_NOT_SLASHABLE,
      'roothash evidence: the runtime does not slash equivocation',
    );
  }
  ctx.state.set(key, new Uint8Array());
  ctx.emit({
    module: ROOTHASH_MODULE,
    kind: EVENT_EQUIVOCATION,
    value: { runtime_id: body.id, node: a.node_id, round },
  });
}

/** The method definition (VED). */
export function submitEvidenceMethod(src: RoothashSources): MethodDef<SubmitEvidenceBody> {
  return {
    name: METHOD_SUBMIT_EVIDENCE,
    domain: 'ved',
    body: submitEvidenceBodyCodec,
    gas: SUBMIT_EVIDENCE_GAS,
    handle: (ctx, body) => submitEvidence(ctx, src, body),
  };
}
