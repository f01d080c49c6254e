/**
 * ChainApp under the real BFT engine in the simulator: 4 validators decide ≥ 32 blocks across
 * epoch boundaries (validator powers change with the stake rewards) with transfers in both
 * domains; asserts every node has the same VED and UED hash at every height. `extra` adds app
 * options (e.g. the UED on a worker thread); the apps are closed at the end. `minReport` is the
 * least UED report height recorded per validator: with a worker the reports lag (by up to an
 * epoch, APE-6), since the UED only has to catch up at each epoch start.
 */
import assert from 'node:assert/strict';
import { addressFromPublicKey, toHex } from '../../src/common/index.js';
import { ChainContexts } from '../../src/consensus/bft/index.js';
import { accountKey, BlockOverlay, decodeAccount } from '../../src/consensus/index.js';
import { ChainApp, type ChainAppOptions, validatorsAt } from '../../src/domains/index.js';
import { VoteStateReader } from '../../src/services/vote/index.js';
import { SIM_TIMEOUTS, SimNetwork, SimRng, SimValidator, VirtualClock } from '../../src/sim/index.js';
import { addrOf, GENESIS_MS, testGenesis, transferTx, user, validatorKeys } from './chain-app.js';

const TARGET = 32n;

/** Run the simulation and assert its outcome (see the module header). */
export async function simulateChainApp(extra: Partial<ChainAppOptions> = {}, minReport = 20n): Promise<void> {
  const genesis = testGenesis(4, { epochInterval: 10n, users: 2 });
  const clock = new VirtualClock(Number(GENESIS_MS));
  const rng = new SimRng(7);
  const net = new SimNetwork(clock, rng.fork());
  const chainId = 'tandem-wiring-sim';
  const chain = {
    chainId,
    ctx: new ChainContexts(chainId),
    validators: genesis.validators.map((v) => ({ pubKey: v.public_key, power: v.power })),
    epochLength: genesis.params.epoch_interval,
    timeouts: SIM_TIMEOUTS,
  };
  const hashes = new Map<string, string>();
  const mismatches: string[] = [];
  const updates: bigint[] = [];
  const apps: ChainApp[] = [];
  for (let i = 0; i < 4; i++) {
    apps.push(
      await ChainApp.create({
        ...extra,
        genesis,
        onCommitted: ({ height, vedHash, uedHash }) => {
          const k = String(height);
          const v = `${toHex(vedHash)}/${toHex(uedHash)}`;
          if (!hashes.has(k)) hashes.set(k, v);
          else if (hashes.get(k) !== v) mismatches.push(`node ${i} height ${k}`);
        },
      }),
    );
  }
  try {
    const hooks = { finalized: () => {}, sent: () => {}, trace: () => {} };
    const nodes = apps.map(
      (app, i) =>
        new SimValidator(`v${i}`, validatorKeys(i).node, null, chain, clock, net, rng.fork(), hooks, () => {
          const fin = app.finalizeBlock.bind(app);
          app.finalizeBlock = async (b) => {
            const r = await fin(b);
            if (i === 0 && r.validatorUpdates) updates.push(b.header.height);
            return r;
          };
          return app;
        }),
    );
    for (const n of nodes) await n.boot();
    const v0 = validatorKeys(0);
    let nonce = 0n;
    const client = () => {
      const txs = [
        transferTx(apps[0]!, user(0), nonce, addrOf(user(1)), 3n),
        transferTx(apps[0]!, v0.authority, nonce, addrOf(v0.feePayer), 5n),
      ];
      nonce++;
      for (const n of nodes) for (const t of txs) n.submit(t);
      if (nonce < 20n) clock.after(30, client);
    };
    clock.after(50, client);
    const done = () => nonce === 20n && nodes.every((n) => n.height >= TARGET && n.pendingTxs === 0);
    await clock.run(120_000, done);
    for (const n of nodes) n.crash();
    for (const app of apps) await app.ued.waitFor(app.committed.height);
    // The app's view of the BFT set (membership of epoch(h − 1)) is the engine's own.
    const st = nodes[0]!.driver!.state;
    const derived = await validatorsAt(
      apps[0]!.vedTree,
      apps[0]!.programs.params.epochs,
      genesis.validators,
      st.height + 1n,
    );
    const show = (vs: readonly { pubKey: Uint8Array; power: bigint }[]) =>
      vs.map((v) => `${toHex(v.pubKey)}:${v.power}`);
    assert.deepEqual(show(derived), show(st.next.validators));
    assert.notDeepEqual(show(derived), show(chain.validators), 'powers moved with the stake rewards');
    assert.ok(
      nodes.every((n) => n.height >= TARGET),
      `heights ${nodes.map((n) => n.height)}`,
    );
    assert.deepEqual(mismatches, []);
    for (const app of apps) assert.ok(app.committed.height >= TARGET);
    assert.ok(updates.length >= 3, `validator updates at ${updates}`);
    const u1 = decodeAccount((await apps[1]!.ued.get(accountKey(addrOf(user(1)))))!);
    const fp = decodeAccount((await apps[2]!.vedTree.get(accountKey(addrOf(v0.feePayer))))!);
    assert.equal(u1.balance, 1_000_000n + 20n * 3n, 'all 20 UED transfers executed');
    assert.equal(fp.balance, 1_000_000n + 20n * 5n, 'all 20 VED transfers executed');
    // APE-15: the precommits were recorded in the VED, with the UED reports of their extensions.
    const votes = new VoteStateReader(new BlockOverlay(apps[3]!.vedTree));
    for (let i = 0; i < 4; i++) {
      const acct = await votes.account(addressFromPublicKey(validatorKeys(i).node.publicKey));
      assert.ok(acct !== null && acct.credits >= 20n, `validator ${i} credited`);
      assert.ok(
        acct.lastReport !== null && acct.lastReport.height >= minReport,
        `validator ${i} reported its UED`,
      );
    }
  } finally {
    for (const app of apps) await app.close();
  }
}
