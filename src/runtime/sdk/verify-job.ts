/**
 * The messages between `SignatureWorkerPool` and its verification threads. A job
 * `{id, ctx, maxBytes, data, ends}` carries its inputs packed end to end in `data` (input `i`
 * ends at `ends[i]`), so one buffer moves between threads instead of one per input; the answer
 * `{id, verdicts}` has one `SignatureVerdict` byte per input.
 */
import { txSignatureVerdict } from './tx.js';

/** A job as the pool posts it. */
export interface VerifyJobMessage {
  readonly id: number;
  readonly ctx: string;
  readonly maxBytes: number;
  readonly data: Uint8Array;
  readonly ends: Uint32Array;
}

/** Pack `inputs` into a job message (the pool's side of the format). */
export function packJob(
  id: number,
  ctx: string,
  maxBytes: number,
  inputs: readonly Uint8Array[],
): VerifyJobMessage {
  let n = 0;
  const ends = new Uint32Array(inputs.length);
  inputs.forEach((b, i) => {
    n += b.length;
    ends[i] = n;
  });
  const data = new Uint8Array(n);
  inputs.forEach((b, i) => {
    data.set(b, ends[i]! - b.length);
  });
  return { id, ctx, maxBytes, data, ends };
}

/** A job's answer. */
export interface VerifyResultMessage {
  readonly id: number;
  readonly verdicts: Uint8Array;
}

/** True when `m` is a well-formed job (input ends ascending, within the data). */
export function isJob(m: unknown): m is VerifyJobMessage {
  const j = m as Partial<VerifyJobMessage> | null;
  return (
    typeof j === 'object' &&
    j !== null &&
    Number.isSafeInteger(j.id) &&
    typeof j.ctx === 'string' &&
    Number.isSafeInteger(j.maxBytes) &&
    j.data instanceof Uint8Array &&
    j.ends instanceof Uint32Array &&
    j.ends.every((e, i) => e >= (i === 0 ? 0 : j.ends![i - 1]!) && e <= j.data!.length)
  );
}

/** The verdicts of one job, by the function the runtime's own thread would use. */
export function verdictsOf(job: VerifyJobMessage): Uint8Array {
  const out = new Uint8Array(job.ends.length);
  let start = 0;
  job.ends.forEach((end, i) => {
    out[i] = txSignatureVerdict(job.data.subarray(start, end), job.ctx, job.maxBytes);
    start = end;
  });
  return out;
}
