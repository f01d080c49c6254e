/**
 * End to end, real processes on loopback (issue 8): killing two of four validators (SIGKILL)
 * halts progress, since the two left hold no two-thirds of the power; restarting them resumes the
 * chain, and every node holds the same block at every height (no fork).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoFork, startProcNet, stopProcNet } from '../helpers/procnet.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('e2e: SIGKILL of two of four validators halts the chain; restarting them resumes it without a fork', async () => {
  const p = startProcNet(4);
  let ok = false;
  try {
    await p.reach('v0', 1n, 120_000);
    await Promise.all(['v2', 'v3'].map((n) => p.net.procs.get(n)!.stop('SIGKILL')));
    // A height in flight may still finish on the votes already cast; after that nothing moves.
    await sleep(1500);
    const stuck = await p.top();
    await sleep(3000);
    assert.equal(await p.top(), stuck, 'no block without two-thirds of the power');
    p.start('v2');
    p.start('v3');
    await p.reach('v0', stuck + 2n);
    await p.reach('v3', stuck + 2n);
    ok = true;
  } finally {
    await stopProcNet(p, false);
  }
  const common = await assertNoFork(p.plan, ['v0', 'v1', 'v2', 'v3']);
  assert.ok(common >= 2n, `common height ${common}`);
  if (ok) await stopProcNet(p, true);
});
