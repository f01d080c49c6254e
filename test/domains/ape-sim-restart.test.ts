/**
 * Issue 7 acceptance, restart while the UED lags: in the BFT simulator one validator runs its UED
 * on a slowed worker thread (LevelDB), is killed while its UED is behind its VED, and restarts from
 * its disk: the UED resumes from its last recorded height, executes the missing heights again from
 * the stored blocks, and its reports (APE-15) continue, matching everybody's hashes. Once with
 * the UED on the node store, once on the compact store (the node's default in async mode).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { decodeAppRecord } from '../../src/domains/index.js';
import { ApeSim } from '../helpers/ape-sim.js';

for (const store of ['nodes', 'compact'] as const) {
  test(`APE-6/15/16 a node killed while its UED lags resumes the UED from its last committed UED height; its reports continue consistently (${store} store)`, async () => {
    const slow = 1;
    const worker = (dir: string) => ({ dbPath: join(dir, 'ued'), store, hooks: { delayMs: 80 } });
    const sim = await ApeSim.start({
      epochInterval: 6n,
      app: (i, d) => (i === slow ? { uedWorker: worker(d.dir) } : {}),
    });
    try {
      sim.client(6, 5);
      const app = () => sim.apps[slow]!;
      const lag = () => app().committed.height - app().uedLatest().height;
      await sim.run(60_000, () => app().committed.height >= 4n && lag() >= 2n);
      assert.ok(lag() >= 2n, `the UED lags (by ${lag()})`);
      await sim.restart(slow);
      const rec = decodeAppRecord(sim.disks[slow]!.store.load()!);
      assert.ok(rec.ued.height < rec.height, 'the record names a UED behind the VED');
      const resumedAt = rec.ued.height;
      await sim.run(60_000, () => sim.minHeight() >= 14n);
      assert.ok(sim.minHeight() >= 14n, `heights ${sim.nodes.map((n) => n.height)}`);
      await sim.finish();
      assert.deepEqual(sim.mismatches, [], 'heights executed again give the same hash');
      for (let h = 1n; h <= 14n; h++) {
        const at = sim.ued.map((m) => m.get(h));
        assert.ok(at[0] !== undefined && at.every((x) => x === at[0]), `UED hashes at ${h}: ${at}`);
      }
      const mine = toHex(sim.nodes[slow]!.signer.publicKey);
      const seen = sim.reports[0]!.filter((r) => toHex(r.validator) === mine);
      assert.ok(
        seen.some((r) => r.height > resumedAt + 2n),
        'reports continue after the restart',
      );
      for (const r of seen) assert.equal(toHex(r.hash), sim.ued[0]!.get(r.height), `report of ${r.height}`);
    } finally {
      await sim.close();
    }
  });
}
