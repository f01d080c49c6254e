/**
 * Results of a round's runtime messages fed back to the next round (RT-27; spec/oasis.md §3.6
 * `MessageEvent{module, code, index}`): staking messages run in the UED, registry ones in the
 * VED; each message's outcome is kept in the domain that ran it, and the merged list, in index
 * order, is what the runtime's next round reads (RuntimeQueries.lastRoundResults, the API's
 * getRoundResults). A failing message reports its coded error and does not stop the others.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChainApp } from '../../src/domains/index.js';
import { RuntimeQueries, vedView } from '../../src/domains/index.js';
import { createRuntimeBackend } from '../../src/node/index.js';
import { RegistryError } from '../../src/services/registry/index.js';
import { type RuntimeMessage, readMessageResults } from '../../src/services/roothash/index.js';
import { type Committee, Role, schedulerAt } from '../../src/services/scheduler/index.js';
import { StakingError } from '../../src/services/staking/index.js';
import { addrOf, step, user } from '../helpers/chain-app.js';
import {
  byRole,
  commitment,
  commitTx,
  elected,
  nodeSigner,
  queries,
  RUNTIME,
  RUNTIME_ACCOUNT,
  runtimeChain,
  uedBalance,
} from './runtime-chain-fixture.js';

const transfer = (to: Uint8Array, amount: bigint): RuntimeMessage => ({
  staking: { v: 0, transfer: { to, amount } },
});

/** One normal round whose scheduler's commitment carries `messages`. */
async function round(app: ChainApp, c: Committee, label: string, messages: RuntimeMessage[]) {
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  const s = schedulerAt(c, 0n, st.round + 1n)!;
  const txs = [];
  for (const w of byRole(c, Role.worker))
    txs.push(commitTx(app, nodeSigner(w), await commitment(app, nodeSigner(w), s, label, messages)));
  await step(app, txs);
  const after = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(after.last_normal_round, st.round + 1n, `${label}: the round is finalized`);
  return after.round;
}

const withUed = (app: ChainApp) => new RuntimeQueries(vedView(app.vedTree), { get: (k) => app.ued.get(k) });

test('RT-27: each message of a round reports its outcome in order to the next round, failures coded', async () => {
  const app = await runtimeChain();
  const c = await elected(app);
  const [a, b] = [addrOf(user(0)), addrOf(user(1))];
  const before = await uedBalance(app, a);
  const r1 = await round(app, c, 'mixed', [
    transfer(a, 100n),
    { registry: { v: 0, update_runtime: 5 } },
    { staking: { v: 0, withdraw: { from: b, amount: 50n } } },
    transfer(b, 7n),
  ]);
  assert.equal(await uedBalance(app, a), before + 100n, 'the messages around the failures ran');
  const last = (await withUed(app).lastRoundResults(RUNTIME))!;
  assert.equal(last.round, r1);
  assert.equal(last.complete, true);
  assert.deepEqual(last.messages, [
    { index: 0, module: '', code: 0 },
    { index: 1, module: RegistryError.MODULE, code: RegistryError.MALFORMED_DESCRIPTOR },
    { index: 2, module: StakingError.MODULE, code: StakingError.INSUFFICIENT_ALLOWANCE },
    { index: 3, module: '', code: 0 },
  ]);
  // The VED alone holds the registry message's outcome: the staking ones are the UED's.
  const vedOnly = (await queries(app).lastRoundResults(RUNTIME))!;
  assert.deepEqual(
    vedOnly.messages.map((m) => m.index),
    [1],
  );
  assert.equal(vedOnly.complete, false, 'without the UED the staking outcomes are missing');
  // The API reports the same list with the round's messages.
  const api = (await createRuntimeBackend(app).getRoundResults(RUNTIME))!;
  assert.deepEqual(api.message_results, last.messages);
  assert.equal(api.message_results_complete, true);
  assert.deepEqual(
    api.messages.map((m) => m.kind),
    ['staking.transfer', 'registry.update_runtime', 'staking.withdraw', 'staking.transfer'],
  );
  assert.equal(await uedBalance(app, RUNTIME_ACCOUNT), 1_000_000n - 107n);
});

test('RT-27: a newer round replaces the outcomes; a round without messages reports none', async () => {
  const app = await runtimeChain();
  const c = await elected(app);
  await round(app, c, 'one', [transfer(addrOf(user(0)), 1n), { registry: { v: 0, update_runtime: 5 } }]);
  const r2 = await round(app, c, 'two', [
    { staking: { v: 0, withdraw: { from: addrOf(user(1)), amount: 1n } } },
  ]);
  const last = (await withUed(app).lastRoundResults(RUNTIME))!;
  assert.equal(last.round, r2);
  assert.deepEqual(last.messages, [
    { index: 0, module: StakingError.MODULE, code: StakingError.INSUFFICIENT_ALLOWANCE },
  ]);
  assert.equal(last.complete, true, "round one's registry outcome is not carried over");
  assert.equal(
    (await readMessageResults(vedView(app.vedTree), RUNTIME))?.round,
    r2 - 1n,
    'the VED keeps its own, older record',
  );
  const r3 = await round(app, c, 'three', []);
  const none = (await withUed(app).lastRoundResults(RUNTIME))!;
  assert.equal(none.round, r3);
  assert.deepEqual(none.messages, []);
  assert.equal(none.complete, true);
});
