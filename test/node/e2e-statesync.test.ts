/**
 * End to end, real processes on loopback (issue 8): validators in the default UED mode (async, the
 * UED on its worker thread, its nodes read through the worker) make state-sync checkpoints every 4
 * heights; a full node with state sync enabled, started after they decided
 * some blocks, restores the newest checkpoint (its block store starts there: blocks below it were
 * never fetched) and then follows by block sync and gossip with the validators' blocks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bytesEqual } from '../../src/common/index.js';
import { LevelBlockStore } from '../../src/consensus/bft/index.js';
import { startProcNet, stopProcNet } from '../helpers/procnet.js';

test('e2e: a full node with state sync restores a checkpoint, skips the blocks below it and follows', async () => {
  const p = startProcNet(4, 1, (name, c) => {
    if (name.startsWith('v')) {
      c.state_sync = { checkpoint_interval: 4 };
    } else c.state_sync = { enabled: true, peer_wait_ms: 20_000 };
  });
  let ok = false;
  try {
    await p.reach('v0', 10n, 120_000);
    p.start('f0');
    const target = (await p.top()) + 2n;
    await p.reach('f0', target, 120_000);
    const log = readFileSync(join(p.plan.dir, 'f0', 'node.log'), 'utf8');
    assert.match(log, /"msg":"state restored from a checkpoint"/);
    ok = true;
  } finally {
    await stopProcNet(p, false);
  }
  const open = (n: string) => LevelBlockStore.open(join(p.plan.dir, n, 'data', 'blocks'));
  const [v0, f0] = [await open('v0'), await open('f0')];
  try {
    const base = f0.base();
    assert.ok(base >= 8n && base % 4n === 0n, `the full node's blocks start at the checkpoint (${base})`);
    for (let h = base; h <= f0.height() && h <= v0.height(); h++) {
      assert.ok(bytesEqual((await f0.block(h))!, (await v0.block(h))!), `same block at ${h}`);
    }
  } finally {
    await v0.close();
    await f0.close();
  }
  if (ok) await stopProcNet(p, true);
});
