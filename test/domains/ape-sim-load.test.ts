/**
 * Issue 7 acceptance, heavy UED load: 4 validators in the BFT simulator with the UED on slowed
 * worker threads. The VED keeps deciding blocks while the UED lags, within the APE-6 bound (at
 * most an epoch); every transaction's execution status resolves at the default stake (APE-19/20);
 * every node ends with the same UED hash at every height (APE-16).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApeSim, lowest } from '../helpers/ape-sim.js';

test('APE-6/14/16/19/20/21/22 heavy UED load: blocks keep being decided while the UED lags within an epoch; status resolves for every tx; equal UED hashes', async () => {
  const interval = 5n;
  const sim = await ApeSim.start({
    epochInterval: interval,
    app: () => ({ uedWorker: { hooks: { delayMs: 50 } } }),
  });
  try {
    const txs = sim.client(8, 5);
    const confirmed = sim.apps.map(() => 0);
    sim.apps.forEach((app, i) => {
      for (const h of txs) void app.waitExecution(h).then(() => confirmed[i]!++);
    });
    const target = 10n;
    await sim.run(120_000, () => sim.minHeight() >= target && confirmed.every((c) => c === txs.length));
    assert.ok(sim.minHeight() >= target, `heights ${sim.nodes.map((n) => n.height)}`);
    assert.deepEqual(confirmed, [8, 8, 8, 8], 'execution status resolved for every tx on every node');
    for (const [i, lag] of sim.maxLag.entries()) {
      assert.ok(lag >= 2n, `node ${i}: the UED lagged (by ${lag})`);
      assert.ok(lag <= interval, `node ${i}: the lag ${lag} stays within an epoch (APE-6)`);
    }
    await sim.finish();
    const top = lowest(sim.apps.map((a) => a.committed.height));
    for (let h = 1n; h <= top; h++) {
      const at = sim.ued.map((m) => m.get(h));
      assert.ok(at[0] !== undefined && at.every((x) => x === at[0]), `UED hashes at ${h}: ${at}`);
    }
    assert.deepEqual(sim.mismatches, []);
    for (const app of sim.apps) assert.equal(app.haltEvidence(), undefined);
  } finally {
    await sim.close();
  }
});
