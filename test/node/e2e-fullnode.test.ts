/**
 * End to end, real processes on loopback (issue 8): a full node started after the validators
 * decided some blocks syncs from genesis by block sync and then follows by gossip, without
 * signing; its blocks are the validators' blocks, and its API serves them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoFork, clientOf, startProcNet, stopProcNet, syncedByBlockSync } from '../helpers/procnet.js';

test('e2e: a full node started later syncs from genesis and follows the validators', async () => {
  const p = startProcNet(4, 1);
  let ok = false;
  try {
    await p.reach('v0', 3n, 120_000);
    p.start('f0');
    const target = (await p.top()) + 1n;
    await p.reach('f0', target);
    const block = await clientOf(p.plan, 'f0').getBlock(1);
    assert.ok(block !== null && block.height === 1, 'the full node serves block 1');
    assert.ok(syncedByBlockSync(p.plan, 'f0'), 'f0 caught up by block sync');
    ok = true;
  } finally {
    await stopProcNet(p, false);
  }
  await assertNoFork(p.plan, ['v0', 'v1', 'v2', 'v3', 'f0']);
  if (ok) await stopProcNet(p, true);
});
