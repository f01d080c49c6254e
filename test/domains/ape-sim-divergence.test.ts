/**
 * Issue 7 acceptance, non-determinism injection (APE-18): in the BFT simulator the UED of some
 * validators computes another state from height 3 on (an extra transfer slipped into their UED
 * job). Under a third of the stake: the honest nodes keep deciding and see the minority's reports;
 * the minority halts itself. At least a third: every honest node halts voting and confirming,
 * raises the alert and keeps the evidence, the chain stops, and a restarted node stays halted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TandemError, toHex } from '../../src/common/index.js';
import { DomainsError } from '../../src/domains/index.js';
import { ApeSim, highest } from '../helpers/ape-sim.js';
import { addrOf, transferTx, user } from '../helpers/chain-app.js';

const AT = 3n;

/** Make node i's UED execute one more transfer at height AT (a non-deterministic UED). */
function inject(sim: ApeSim, i: number): void {
  const app = sim.apps[i]!;
  const extra = transferTx(app, user(1), 0n, addrOf(user(0)), 1n);
  const run = app.ued.run.bind(app.ued);
  app.ued.run = (job) => run(job.height === AT ? { ...job, txs: [...job.txs, extra] } : job);
}

test('APE-18 non-determinism in validators under 1/3 of the stake: honest nodes keep going and see the minority; the minority halts', async () => {
  const sim = await ApeSim.start({ epochInterval: 5n });
  try {
    inject(sim, 3);
    sim.client(6, 5);
    const honest = [0, 1, 2];
    await sim.run(60_000, () => honest.every((i) => sim.nodes[i]!.height >= 10n));
    for (const i of honest) {
      assert.ok(sim.nodes[i]!.height >= 10n, `honest node ${i} kept deciding`);
      assert.equal(sim.apps[i]!.haltEvidence(), undefined);
      assert.equal(sim.apps[i]!.canSign(), true);
      assert.deepEqual(sim.alerts[i], []);
    }
    const v3 = toHex(sim.nodes[3]!.signer.publicKey);
    const minority = sim.reports[0]!.filter(
      (r) => toHex(r.validator) === v3 && sim.ued[0]!.get(r.height) !== toHex(r.hash),
    );
    assert.ok(
      minority.length > 0 && minority.every((r) => r.height >= AT),
      'node 0 saw the minority reports',
    );
    assert.equal(sim.alerts[3]!.length, 1, 'the minority node sees 3/4 of the stake disagree and halts');
    assert.equal(sim.apps[3]!.canSign(), false);
  } finally {
    await sim.close();
  }
});

test('APE-18 non-determinism in validators holding ≥ 1/3 of the stake: every honest node halts voting and confirming, alerts, keeps evidence; a restart stays halted', async () => {
  const sim = await ApeSim.start({ epochInterval: 5n });
  try {
    inject(sim, 2);
    inject(sim, 3);
    const txs = sim.client(6, 5);
    const honest = [0, 1];
    await sim.run(60_000, () => honest.every((i) => sim.apps[i]!.haltEvidence() !== undefined));
    const isHalt = (e: unknown) => TandemError.is(e, DomainsError.MODULE, DomainsError.DIVERGENCE_HALT);
    for (const i of honest) {
      const app = sim.apps[i]!;
      const ev = app.haltEvidence();
      assert.ok(ev !== undefined && BigInt(ev.height) >= AT, `node ${i} halted`);
      assert.ok(3n * ev.disagreeingStake >= ev.totalStake);
      assert.deepEqual(sim.disks[i]!.halt.load(), ev, 'the evidence is kept on the halt store');
      assert.equal(app.canSign(), false);
      assert.throws(() => app.executionStatus(txs[0]!), isHalt);
      await assert.rejects(app.waitExecution(txs[0]!), isHalt);
      assert.equal(sim.alerts[i]!.length, 1);
      assert.equal(sim.alerts[i]![0]!.kind, 'divergence');
    }
    const before = sim.nodes.map((n) => n.height);
    await sim.run(5_000, () => false);
    const after = sim.nodes.map((n) => n.height);
    assert.ok(highest(after) <= highest(before) + 1n, 'nobody signs: the chain stops');
    assert.ok((sim.nodes[0]!.driver!.drops.get('signing halted by the application') ?? 0) > 0);
    const ev = sim.apps[0]!.haltEvidence();
    await sim.restart(0);
    assert.equal(sim.apps[0]!.canSign(), false, 'a restarted node stays halted');
    assert.deepEqual(sim.apps[0]!.haltEvidence(), ev);
    assert.throws(() => sim.apps[0]!.executionStatus(txs[0]!), isHalt);
  } finally {
    await sim.close();
  }
});
