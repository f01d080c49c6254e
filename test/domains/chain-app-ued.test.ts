/**
 * Issue 7 wiring of ChainApp without the BFT engine: UED reports in vote extensions only when new
 * (APE-15), reports read from a block's LastCommit and weighed by the signing set's power,
 * execution status and its waiter (APE-19/20), the divergence halt with its evidence, alert and
 * persistence until cleared (APE-18), the synchronous mode, and a resume while the UED lagged.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { TandemError, toHex } from '../../src/common/index.js';
import { type Block, type Commit, MemorySignStateStore, VoteType } from '../../src/consensus/bft/index.js';
import { txHash } from '../../src/consensus/index.js';
import {
  ChainApp,
  type ChainAppOptions,
  type DivergenceAlert,
  DomainsError,
  decodeAppRecord,
  decodeUedReport,
  encodeUedReport,
  MemoryHaltStore,
  type RecordedReport,
  validatorsAt,
  type WorkerUedRunner,
} from '../../src/domains/index.js';
import { MemoryNodeDB } from '../../src/mkvs/index.js';
import { addrOf, step, testGenesis, transferTx, user } from '../helpers/chain-app.js';

const opened: ChainApp[] = [];
after(() => Promise.all(opened.map((a) => a.close())));
async function open(o: ChainAppOptions): Promise<ChainApp> {
  const app = await ChainApp.create(o);
  opened.push(app);
  return app;
}

const isHalt = (e: unknown) => TandemError.is(e, DomainsError.MODULE, DomainsError.DIVERGENCE_HALT);

/** A LastCommit of `height` whose precommits, by index in the signing set, carry these reports. */
function commitOf(height: bigint, reports: Map<number, { height: bigint; hash: Uint8Array }>): Commit {
  const votes = [...reports].map(([validator, r]) => ({
    body: {
      type: VoteType.Precommit,
      height,
      round: 0,
      block_hash: new Uint8Array(32),
      validator,
      extension: encodeUedReport(r),
    },
    signature: new Uint8Array(64),
  }));
  return { height, round: 0, block_hash: new Uint8Array(32), votes };
}

test('APE-15/19/20 reports only when new, read from the LastCommit with the signer power; execution status resolves at the stake', async () => {
  const genesis = testGenesis(4, { epochInterval: 100n });
  const reports: RecordedReport[] = [];
  const app = await open({ genesis, onReport: (r) => reports.push(r) });
  const tx = transferTx(app, user(0), 0n, addrOf(user(1)), 5n);
  const h = txHash(tx);
  assert.deepEqual(app.executionStatus(h), { state: 'pending' });
  const confirmed = app.waitExecution(h);
  assert.equal(app.extendVote(1n).length, 0, 'no UED height computed since genesis: no report');
  await step(app, [tx]);
  const s = app.executionStatus(h);
  assert.ok(s.state === 'executed' && s.height === 1 && s.receipt.status === 0 && !s.confirmed);
  const ext = app.extendVote(2n);
  assert.deepEqual(decodeUedReport(ext), app.uedLatest());
  assert.deepEqual(app.extendVote(2n), ext, 'a later round of the same height repeats it');
  const set = await validatorsAt(app.vedTree, app.programs.params.epochs, genesis.validators, 1n);
  const at1 = app.uedLatest();
  await step(app, [], { last_commit: commitOf(1n, new Map([[2, at1]])) });
  assert.deepEqual(reports, [
    { validator: set[2]!.pubKey, height: 1n, hash: at1.hash, stake: set[2]!.power },
  ]);
  const done = await confirmed;
  assert.ok(done.state === 'executed' && done.confirmed && done.agreeingStake === set[2]!.power);
  const all = set.reduce((t, v) => t + v.power, 0n);
  const strict = app.executionStatus(h, all);
  assert.ok(strict.state === 'executed' && !strict.confirmed, 'not confirmed at the whole stake');
  assert.equal(decodeUedReport(app.extendVote(3n))?.height, 2n, 'a new UED height is reported');
  assert.equal(app.extendVote(4n).length, 0, 'nothing new since the last vote: empty (APE-15)');
});

test('APE-18 a third of the stake reporting another hash halts: evidence kept, no signing, status refused, alert; kept across a restart until cleared', async () => {
  const genesis = testGenesis(4, { epochInterval: 100n });
  const haltStore = new MemoryHaltStore();
  const alerts: DivergenceAlert[] = [];
  const ued = new Map<bigint, Uint8Array>();
  const o: ChainAppOptions = {
    genesis,
    haltStore,
    onAlert: (a) => alerts.push(a),
    onExecuted: (e) => e.domain === 'ued' && ued.set(e.height, e.domainHash),
  };
  const app = await open(o);
  const tx = transferTx(app, user(0), 0n, addrOf(user(1)), 5n);
  const waiting = app.waitExecution(txHash(tx), 1n << 60n);
  await step(app, [tx]);
  const bad = { height: 1n, hash: new Uint8Array(32).fill(7) };
  const good = app.uedLatest();
  // One validator of four (under a third) disagrees: reported, not halted.
  await step(app, [], {
    last_commit: commitOf(
      1n,
      new Map([
        [0, bad],
        [1, good],
        [2, good],
      ]),
    ),
  });
  assert.equal(app.haltEvidence(), undefined);
  assert.equal(app.canSign(), true);
  // Two of four (at least a third) disagree at height 2.
  const bad2 = { height: 2n, hash: new Uint8Array(32).fill(9) };
  await step(app, [], {
    last_commit: commitOf(
      2n,
      new Map([
        [0, bad2],
        [3, bad2],
      ]),
    ),
  });
  const ev = app.haltEvidence();
  assert.ok(ev !== undefined && ev.height === 2 && ev.reports.length === 2);
  assert.equal(ev.localHash, toHex(ued.get(2n)!));
  assert.deepEqual(haltStore.load(), ev, 'the evidence is on the store');
  assert.equal(app.canSign(), false);
  assert.throws(() => app.executionStatus(txHash(tx)), isHalt);
  await assert.rejects(waiting, isHalt);
  await assert.rejects(app.waitExecution(txHash(tx)), isHalt);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.kind, 'divergence');
  assert.equal(alerts[0]!.height, 2n);
  // A restarted node (same halt store) is halted from the start; the operator clears it.
  const again = await open(o);
  assert.equal(again.canSign(), false);
  assert.deepEqual(again.haltEvidence(), ev);
  again.clearHalt();
  assert.equal(again.canSign(), true);
  assert.equal(haltStore.load(), undefined);
  assert.deepEqual(again.executionStatus(txHash(tx)), { state: 'pending' });
});

test('issue 7 item 7: in synchronous mode the UED of a block executes before it is proposed, once (the commit adopts it), with the asynchronous hashes', async () => {
  const genesis = testGenesis(2, { epochInterval: 2n, users: 2 });
  const seen: string[][] = [[], []];
  const log = (i: number) => (c: { height: bigint; vedHash: Uint8Array; uedHash: Uint8Array }) =>
    seen[i]!.push(`${c.height}:${toHex(c.vedHash)}:${toHex(c.uedHash)}`);
  const ref = await open({ genesis, onCommitted: log(0) });
  const app = await open({
    genesis,
    uedWorker: { hooks: { delayMs: 400 } },
    syncUed: true,
    onCommitted: log(1),
  });
  for (let h = 1; h <= 5; h++) {
    const txs = [transferTx(ref, user(0), BigInt(h - 1), addrOf(user(1)), 5n)];
    await step(ref, txs);
    const t0 = Date.now();
    await step(app, txs);
    assert.ok(Date.now() - t0 >= 400, 'the proposal waited for the UED of its block');
    const t1 = Date.now();
    await app.ued.waitFor(BigInt(h));
    assert.ok(Date.now() - t1 < 300, 'the commit adopted the execution instead of repeating it');
  }
  assert.equal(seen[1]!.length, 5);
  assert.deepEqual(seen[1], seen[0], 'same VED and UED hashes as the asynchronous app, epochs included');
});

test('issue 7 restart while the UED lags: the record names both heights, the missing UED heights run again from the blocks, same chain', async () => {
  const genesis = testGenesis(2, { epochInterval: 4n, users: 2 });
  const txsOf = (app: ChainApp, h: number) => [transferTx(app, user(0), BigInt(h - 1), addrOf(user(1)), 5n)];
  const straight = new Map<bigint, string>();
  const show = (c: { height: bigint; vedHash: Uint8Array; uedHash: Uint8Array }) =>
    straight.set(c.height, `${toHex(c.vedHash)}/${toHex(c.uedHash)}`);
  const ref = await open({ genesis, onCommitted: show });
  for (let h = 1; h <= 7; h++) await step(ref, txsOf(ref, h));

  const seen = new Map<bigint, string>();
  const store = new MemorySignStateStore();
  const dbs = { ved: new MemoryNodeDB(), ued: new MemoryNodeDB() };
  const blocks = new Map<bigint, Block>();
  const dbPath = mkdtempSync(join(tmpdir(), 'tandem-ued-resume-'));
  const o = {
    genesis,
    store,
    nodeDb: (d: 'ved' | 'ued') => dbs[d],
    uedWorker: { dbPath, hooks: { delayMs: 500 } },
    onCommitted: (c: { height: bigint; vedHash: Uint8Array; uedHash: Uint8Array }) => {
      const v = `${toHex(c.vedHash)}/${toHex(c.uedHash)}`;
      assert.equal(seen.get(c.height) ?? v, v, `height ${c.height} reported twice alike`);
      seen.set(c.height, v);
    },
  };
  const keep = (app: ChainApp) => {
    const fin = app.finalizeBlock.bind(app);
    app.finalizeBlock = (b) => {
      blocks.set(b.header.height, b);
      return fin(b);
    };
    return app;
  };
  const first = keep(await open(o));
  for (let h = 1; h <= 3; h++) await step(first, txsOf(first, h));
  await (first.ued as WorkerUedRunner).terminate(); // killed: the UED's queue is lost
  const r = decodeAppRecord(store.load()!);
  assert.equal(r.height, 3n);
  assert.ok(r.ued.height < 3n, `the UED lags in the record (at ${r.ued.height})`);
  await assert.rejects(
    ChainApp.create(o),
    (e) => TandemError.is(e, DomainsError.MODULE, DomainsError.APP_RECORD),
    'a lagging record needs the blocks',
  );
  const again = keep(await open({ ...o, uedWorker: { dbPath }, blocks: async (h) => blocks.get(h) }));
  assert.equal(again.committed.height, 3n);
  for (let h = 4; h <= 7; h++) await step(again, txsOf(again, h));
  await again.ued.waitFor(7n);
  assert.equal(again.uedLatest().height, 7n);
  assert.deepEqual([...seen].sort(), [...straight].sort(), 'same VED and UED hash at every height');
  assert.equal(decodeAppRecord(store.load()!).ued.height, 7n, 'the outcomes saved the record');
});
