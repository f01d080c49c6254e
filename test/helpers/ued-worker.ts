// Shared by the UED worker tests: closing every app with a thread after the file's tests (even
// when one failed midway, or the process would hang), a coded-error matcher, counting metrics.
import { after } from 'node:test';
import { type Metrics, nullMetrics } from '../../src/common/index.js';
import { DomainsError } from '../../src/domains/index.js';

const opened: { close(): Promise<void> }[] = [];
after(() => Promise.all(opened.map((x) => x.close())));

/** Register `x` to be closed after the tests; returns it. */
export function track<T extends { close(): Promise<void> }>(x: T): T {
  opened.push(x);
  return x;
}

/** True for DomainsError WORKER_FAILED. */
export const isWorkerError = (e: unknown): boolean =>
  e instanceof DomainsError && e.code === DomainsError.WORKER_FAILED;

/** A Metrics that counts increments of counters by name. */
export function countingMetrics(): { metrics: Metrics; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const metrics: Metrics = {
    ...nullMetrics,
    counter: (name) => ({ inc: (v = 1) => counts.set(name, (counts.get(name) ?? 0) + v) }),
  };
  return { metrics, counts };
}
