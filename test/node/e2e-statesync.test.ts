/**
 * End to end, real processes on loopback (issue 8): validators in the default UED mode (async, the
 * UED on its worker thread, its nodes read through the worker) make state-sync checkpoints every 4
 * heights, two with the UED on the compact store (the worker cuts the checkpoint trees), two on
 * the node store; a full node (its UED on the compact store, `auto`) with state sync enabled, started after they decided
 * some blocks, restores the newest checkpoint (its block store starts there: blocks below it were
 * never fetched) and then follows by block sync and gossip with the validators' blocks. A second
 * full node, given the hash of block 8 as its operator trust anchor (`state_sync.trust_height` /
 * `trust_hash`), restores exactly that checkpoint though newer ones are offered.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { bytesEqual, toHex } from '../../src/common/index.js';
import { LevelBlockStore } from '../../src/consensus/bft/index.js';
import { clientOf, startProcNet, stopProcNet } from '../helpers/procnet.js';

/** Give full node `name` the hash of block `h` (as served by v0) as its trust anchor. */
async function anchorAt(p: ReturnType<typeof startProcNet>, name: string, h: number): Promise<void> {
  const b = await clientOf(p.plan, 'v0').getBlock(h);
  assert.ok(b !== null, `v0 serves block ${h}`);
  const path = p.plan.nodes.find((n) => n.name === name)!.configPath;
  const doc = parseYaml(readFileSync(path, 'utf8')) as { state_sync: Record<string, unknown> };
  doc.state_sync = { ...doc.state_sync, trust_height: h, trust_hash: toHex(b.hash) };
  writeFileSync(path, stringifyYaml(doc));
}

test('e2e: a full node with state sync restores a checkpoint, skips the blocks below it and follows', async () => {
  const p = startProcNet(4, 2, (name, c) => {
    if (name.startsWith('v')) {
      c.state_sync = { checkpoint_interval: 4, checkpoints_kept: 16 };
      c.ued = { store: name === 'v0' || name === 'v1' ? 'compact' : 'nodes' };
    } else c.state_sync = { enabled: true, peer_wait_ms: 20_000 };
  });
  let ok = false;
  try {
    await p.reach('v0', 14n, 120_000);
    await anchorAt(p, 'f1', 8);
    p.start('f0');
    p.start('f1');
    const target = (await p.top()) + 2n;
    await p.reach('f0', target, 120_000);
    await p.reach('f1', target, 120_000);
    for (const n of ['f0', 'f1']) {
      const log = readFileSync(join(p.plan.dir, n, 'node.log'), 'utf8');
      assert.match(log, /"msg":"state restored from a checkpoint"/, n);
      assert.ok(existsSync(join(p.plan.dir, n, 'data', 'state', 'ued-compact', 'log')), `${n}: compact UED`);
    }
    for (const n of ['v0', 'v1']) {
      assert.ok(existsSync(join(p.plan.dir, n, 'data', 'state', 'ued-compact', 'checkpoints')), `${n} cuts`);
      const log = readFileSync(join(p.plan.dir, n, 'node.log'), 'utf8');
      assert.match(log, /"msg":"checkpoint made"/, n);
    }
    ok = true;
  } finally {
    await stopProcNet(p, false);
  }
  const open = (n: string) => LevelBlockStore.open(join(p.plan.dir, n, 'data', 'blocks'));
  const [v0, f0, f1] = [await open('v0'), await open('f0'), await open('f1')];
  try {
    const base = f0.base();
    assert.ok(
      base >= 12n && base % 4n === 0n,
      `the full node's blocks start at the newest checkpoint (${base})`,
    );
    assert.equal(f1.base(), 8n, 'the anchored full node restored the trusted checkpoint, not the newest');
    for (const f of [f0, f1]) {
      for (let h = f.base(); h <= f.height() && h <= v0.height(); h++) {
        assert.ok(bytesEqual((await f.block(h))!, (await v0.block(h))!), `same block at ${h}`);
      }
    }
  } finally {
    for (const s of [v0, f0, f1]) await s.close();
  }
  if (ok) await stopProcNet(p, true);
});
