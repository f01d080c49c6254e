/**
 * `roothash.SubmitEvidence` (spec/oasis.md §3.6, RT-14), of two kinds (exactly one per body):
 * - executor: two valid commitments of one node for the same round and scheduler batch whose
 *   results differ;
 * - proposal: two proposals a worker of the runtime's current committee signed for the same round
 *   on the same block, with different batches.
 * Both go through one punishment: the evidence id (node, round) must not be recorded yet; the
 * `equivocation` hook freezes the node, queues the slash and the submitter's reward, and answers
 * false when the runtime configures no such slash (the transaction then fails). Checks run before
 * any write, so refused evidence changes nothing but its receipt.
 */
import { bytesEqual } from '../../../common/index.js';
import type { MethodDef, TxContext } from '../../../consensus/index.js';
import {
  computeResultsHash,
  type EquivocationProposal,
  EVENT_EQUIVOCATION,
  EVENT_PROPOSAL_EQUIVOCATION,
  type ExecutorCommitment,
  evidenceId,
  METHOD_SUBMIT_EVIDENCE,
  ROOTHASH_MODULE,
  Role,
  RoothashError,
  type RuntimeState,
  SUBMIT_EVIDENCE_GAS,
  type SubmitEvidenceBody,
  submitEvidenceBodyCodec,
  verifyExecutorCommitment,
  verifyProposalSignature,
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

/** Check an executor pair; returns the equivocating node and round. */
function checkExecutor(ctx: TxContext, id: Uint8Array, a: ExecutorCommitment, b: ExecutorCommitment) {
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
  return { node: a.node_id, round: ha.header.round };
}

/** Check a proposal pair against the runtime's current committee; returns the node and round. */
function checkProposals(ctx: TxContext, id: Uint8Array, st: RuntimeState, p: EquivocationProposal) {
  const { a, b } = p;
  if (!bytesEqual(a.node_id, b.node_id)) invalid('proposals of different nodes');
  for (const x of [a, b]) {
    if (!verifyProposalSignature(x, id, ctx.chainContext)) invalid('a proposal signature does not verify');
  }
  if (a.header.round !== b.header.round || !bytesEqual(a.header.previous_hash, b.header.previous_hash)) {
    invalid('proposals of different rounds');
  }
  if (bytesEqual(a.header.batch_hash, b.header.batch_hash)) invalid('the proposals agree');
  // Only a worker of the committee in force may propose; anyone else's signature proves nothing.
  const members = st.committee?.members ?? [];
  if (!members.some((m) => m.role === Role.Worker && bytesEqual(m.public_key, a.node_id))) {
    throw new RoothashError(
      RoothashError.NOT_IN_COMMITTEE,
      'roothash evidence: the proposer is not a worker of the current committee',
    );
  }
  return { node: a.node_id, round: a.header.round };
}

/** Handle one SubmitEvidence body. */
export async function submitEvidence(ctx: TxContext, src: RoothashSources, body: SubmitEvidenceBody) {
  const exec = body.equivocation_executor;
  const prop = body.equivocation_prop;
  if ((exec === undefined) === (prop === undefined)) invalid('expected exactly one kind of evidence');
  const st = await readRuntimeState(ctx.state, body.id);
  if (st === null)
    throw new RoothashError(RoothashError.UNKNOWN_RUNTIME, 'roothash does not know this runtime');
  const { node, round } = exec
    ? checkExecutor(ctx, body.id, exec.a, exec.b)
    : checkProposals(ctx, body.id, st, prop!);
  const key = evidenceKey(evidenceId(body.id, node, round));
  if ((await ctx.state.get(key)) !== null) {
    throw new RoothashError(RoothashError.DUPLICATE_EVIDENCE, 'roothash evidence: already acted on');
  }
  if (!(await src.equivocation?.(ctx, body.id, node, ctx.signer))) {
    throw new RoothashError(
      RoothashError.EVIDENCE_NOT_SLASHABLE,
      'roothash evidence: the runtime does not slash equivocation',
    );
  }
  ctx.state.set(key, new Uint8Array());
  ctx.emit({
    module: ROOTHASH_MODULE,
    kind: exec ? EVENT_EQUIVOCATION : EVENT_PROPOSAL_EQUIVOCATION,
    value: { runtime_id: body.id, node, round },
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
