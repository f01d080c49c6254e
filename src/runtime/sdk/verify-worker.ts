/**
 * The body of a signature-verification worker thread (started by {@link SignatureWorkerPool}).
 * It answers each job `{id, ctx, maxBytes, inputs}` with `{id, verdicts}`: one
 * {@link SignatureVerdict} byte per input, computed by {@link txSignatureVerdict}, the very
 * function the runtime's own thread would use. It holds no state and never decides anything
 * else; a job it cannot read is answered with an empty verdict list, which the pool treats as
 * a failure.
 */
import { parentPort } from 'node:worker_threads';
import { txSignatureVerdict } from './tx.js';

/** A job as the pool posts it. */
export interface VerifyJobMessage {
  readonly id: number;
  readonly ctx: string;
  readonly maxBytes: number;
  readonly inputs: readonly Uint8Array[];
}

/** A job's answer. */
export interface VerifyResultMessage {
  readonly id: number;
  readonly verdicts: Uint8Array;
}

function isJob(m: unknown): m is VerifyJobMessage {
  const j = m as Partial<VerifyJobMessage> | null;
  return (
    typeof j === 'object' &&
    j !== null &&
    Number.isSafeInteger(j.id) &&
    typeof j.ctx === 'string' &&
    Number.isSafeInteger(j.maxBytes) &&
    Array.isArray(j.inputs) &&
    j.inputs.every((b) => b instanceof Uint8Array)
  );
}

/** The verdicts of one job (exported for tests; the thread below calls it). */
export function verdictsOf(job: VerifyJobMessage): Uint8Array {
  const out = new Uint8Array(job.inputs.length);
  job.inputs.forEach((b, i) => {
    out[i] = txSignatureVerdict(b, job.ctx, job.maxBytes);
  });
  return out;
}

parentPort?.on('message', (m: unknown) => {
  const id = (m as { id?: unknown } | null)?.id;
  const verdicts = isJob(m) ? verdictsOf(m) : new Uint8Array(0);
  const reply: VerifyResultMessage = { id: typeof id === 'number' ? id : -1, verdicts };
  parentPort?.postMessage(reply, [verdicts.buffer as ArrayBuffer]);
});
