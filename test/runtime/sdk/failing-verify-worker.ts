/**
 * A verification worker that misbehaves, for the pool's failure tests. The job's `ctx` picks how:
 * `throw` (an uncaught error), `exit` (the thread exits), `hang` (never answers), `wrong-id`
 * (answers another job); any other context gets an answer claiming every input valid plus one
 * verdict too many, a malformed answer that must not be believed.
 */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (m: { id: number; ctx: string; ends: Uint32Array }) => {
  if (m.ctx === 'throw') throw new RangeError('worker broke');
  if (m.ctx === 'exit') process.exit(3);
  if (m.ctx === 'hang') return;
  const id = m.ctx === 'wrong-id' ? m.id + 1 : m.id;
  const n = m.ctx === 'wrong-id' ? m.ends.length : m.ends.length + 1;
  parentPort?.postMessage({ id, verdicts: new Uint8Array(n).fill(1) });
});
