/**
 * End to end, real processes on loopback (issue 8): 4 validators decide blocks; one validator
 * killed with SIGKILL does not stop the chain, and when restarted it catches up by block sync;
 * every node holds the same blocks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoFork, startProcNet, stopProcNet } from '../helpers/procnet.js';

test('e2e: 4 validators decide; SIGKILL of one leaves the chain going; restarted, it catches up by block sync', async () => {
  const p = startProcNet(4);
  let ok = false;
  try {
    await p.reach('v0', 2n, 45_000);
    await p.net.procs.get('v3')!.stop('SIGKILL');
    const at = await p.top();
    await p.reach('v0', at + 2n);
    p.start('v3');
    const target = (await p.top()) + 1n;
    await p.reach('v3', target);
    ok = true;
  } finally {
    await stopProcNet(p, false);
  }
  const common = await assertNoFork(p.plan, ['v0', 'v1', 'v2', 'v3']);
  assert.ok(common >= 3n, `common height ${common}`);
  if (ok) await stopProcNet(p, true);
});
