/**
 * The body of a signature-verification worker thread (started by `SignatureWorkerPool`; the
 * messages are in `verify-job.ts`). It holds no state and decides nothing but verdicts; a job it
 * cannot read is answered with an empty verdict list, which the pool treats as a failure. Only
 * the pool loads this file: it listens on `parentPort` as soon as it is imported.
 */
import { parentPort } from 'node:worker_threads';
import { isJob, type VerifyResultMessage, verdictsOf } from './verify-job.js';

parentPort?.on('message', (m: unknown) => {
  const id = (m as { id?: unknown } | null)?.id;
  const verdicts = isJob(m) ? verdictsOf(m) : new Uint8Array(0);
  const reply: VerifyResultMessage = { id: typeof id === 'number' ? id : -1, verdicts };
  parentPort?.postMessage(reply, [verdicts.buffer as ArrayBuffer]);
});
