/**
 * End to end, real processes on loopback (issue 8): 4 validators decide blocks; a transfer
 * submitted through one node's API is final and its execution status resolves at the default
 * stake threshold; one validator killed with SIGKILL does not stop the chain, and when restarted
 * it catches up by block sync; every node holds the same blocks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressFromPublicKey, loadKey } from '../../src/common/index.js';
import { LOCALNET_BALANCE, localnetUserKeyPath } from '../../src/node/index.js';
import {
  assertNoFork,
  clientOf,
  startProcNet,
  stopProcNet,
  syncedByBlockSync,
  transferTx,
} from '../helpers/procnet.js';

test('e2e: 4 validators decide; an API transfer confirms (APE-19); SIGKILL of one leaves the chain going; restarted, it catches up by block sync', async () => {
  const p = startProcNet(4);
  let ok = false;
  try {
    await p.reach('v0', 1n, 120_000);
    const from = loadKey(localnetUserKeyPath(p.plan.dir, 'ued', 0));
    const to = addressFromPublicKey(loadKey(localnetUserKeyPath(p.plan.dir, 'ued', 1)).publicKey);
    const v1 = clientOf(p.plan, 'v1');
    const { chain_context } = await v1.status();
    const r = await v1.submitTx(transferTx(chain_context, from, to, 777n), {
      wait: 'execution',
      timeoutMs: 30_000,
    });
    assert.equal(
      r.execution?.state,
      'confirmed',
      JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
    );
    await p.net.procs.get('v3')!.stop('SIGKILL');
    const at = await p.top();
    await p.reach('v0', at + 2n);
    assert.equal((await clientOf(p.plan, 'v2').getAccount(to)).balance, LOCALNET_BALANCE + 777n);
    p.start('v3');
    await p.reach('v3', (await p.top()) + 1n);
    assert.ok(syncedByBlockSync(p.plan, 'v3'), 'v3 caught up by block sync');
    ok = true;
  } finally {
    await stopProcNet(p, false);
  }
  const common = await assertNoFork(p.plan, ['v0', 'v1', 'v2', 'v3']);
  assert.ok(common >= 3n, `common height ${common}`);
  if (ok) await stopProcNet(p, true);
});
