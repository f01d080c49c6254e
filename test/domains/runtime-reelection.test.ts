// Re-election after a slash within an epoch (issue 6; spec/oasis.md §4 candidate filtering, §3.7,
// RT-14), as Oasis does it: a node frozen mid-epoch keeps its seat in the current committee until
// the next election (a runtime slash by transaction triggers no re-election) and may still commit;
// it is not judged for liveness on top of its freeze; it is not elected while frozen; its entity
// lifts the freeze once it ended, and only then is the node a candidate again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual, toHex } from '../../src/common/index.js';
import { vedView } from '../../src/domains/index.js';
import {
  eligibleNodes,
  METHOD_UNFREEZE_NODE,
  RegistryError,
  unfreezeNodeCodec,
} from '../../src/services/registry/index.js';
import {
  EVENT_LIVENESS,
  HeaderType,
  METHOD_SUBMIT_EVIDENCE,
  SlashReason,
  submitEvidenceBodyCodec,
} from '../../src/services/roothash/index.js';
import { CommitteeKind } from '../../src/services/scheduler/index.js';
import { signTx, step } from '../helpers/chain-app.js';
import { ChainLog, castOf, honestRound, RoundPlay, scenarioRuntime } from './runtime-byzantine.js';
import {
  commitment,
  ESCROW,
  elected,
  entities,
  escrowOf,
  nodeSigner,
  nodes,
  queries,
  RUNTIME,
  runtimeChain,
  SLASH_EQUIVOCATION,
  stepTo,
  uedEscrow,
} from './runtime-chain-fixture.js';

const eq = bytesEqual;
const entityIndex = (node: Uint8Array) => nodes.findIndex((n) => eq(n.id.publicKey, node));

/** The scenario runtime, freezing an equivocating node for one epoch. */
function freezingRuntime() {
  const rt = scenarioRuntime();
  const slashing = rt.staking.slashing!.map((s) =>
    s.reason === SlashReason.equivocation ? { ...s, freeze_interval: 1n } : s,
  );
  return { ...rt, staking: { ...rt.staking, slashing } };
}

test('RT-14 §4: a node frozen mid-epoch by evidence still commits in its committee, gets no liveness verdict on top, is not elected while frozen, and is a candidate again once unfrozen', async () => {
  const log = new ChainLog();
  const app = await runtimeChain({ runtime: freezingRuntime(), onExecuted: log.onExecuted });
  const committee = await elected(app);
  const cast = castOf(committee);
  const W = cast.byz;
  const wEntity = entities[entityIndex(W)]!;
  // The submitter is the honest worker's entity (entity 0 sent two registrations, the others one).
  const k = entityIndex(cast.honest);
  const submitter = entities[k]!;
  const parent = (await queries(app).runtimeStatus(RUNTIME))!.latest_block;
  const scheduler = new RoundPlay(app, cast, log, parent, false).primary;
  const a = await commitment(app, nodeSigner(W), scheduler, 'one');
  const b = await commitment(app, nodeSigner(W), scheduler, 'two');
  const evidence = submitEvidenceBodyCodec.toCbor({ id: RUNTIME, equivocation_executor: { a, b } }, '');
  await step(app, [signTx(app, submitter, k === 0 ? 2n : 1n, METHOD_SUBMIT_EVIDENCE, evidence)]);
  assert.equal((await queries(app).node(W))!.status!.freeze_end_time, 3n, 'frozen until epoch 3');
  assert.equal((await uedEscrow(app, escrowOf(wEntity))).active.balance, ESCROW - SLASH_EQUIVOCATION);

  // No re-election: the committee of epoch 2 and the runtime's installed one are unchanged.
  assert.deepEqual(await queries(app).committee(RUNTIME, CommitteeKind.executor, 2n), committee);
  const installed = (await queries(app).runtimeState(RUNTIME))!;
  assert.deepEqual(installed.committee!.members, committee.members);
  assert.deepEqual(installed.last_block, parent, 'no new runtime block');

  // The frozen worker commits with the others: a Normal round at once, W among the good.
  const r1 = new RoundPlay(app, cast, log, parent, false);
  await honestRound(r1);
  const round1 = await r1.record();
  assert.equal(round1.header.header_type, HeaderType.Normal);
  assert.ok(
    round1.good.some((g) => eq(g, W)),
    'a frozen member still commits this epoch',
  );

  // Then W goes silent: the round needs the timeout and the backups.
  const r2 = new RoundPlay(app, cast, log, round1.header, false);
  const sched = eq(r2.primary, W) ? r2.second : r2.primary;
  await r2.block([await r2.commit(cast.honest, sched)]);
  await r2.untilTimeout();
  if (!(await r2.ended())) await r2.backupsResolve();
  assert.equal((await r2.record()).header.header_type, HeaderType.Normal);

  // Its entity may not lift the freeze before it ended.
  const unfreeze = (nonce: bigint) =>
    signTx(app, wEntity, nonce, METHOD_UNFREEZE_NODE, unfreezeNodeCodec.toCbor({ node_id: W }, ''));
  const wNonce = entityIndex(W) === 0 ? 2n : 1n;
  await step(app, [unfreeze(wNonce)]);
  const h = app.committed.height;
  assert.deepEqual(log.refused.get(h), [
    { module: RegistryError.MODULE, code: RegistryError.NODE_STILL_FROZEN },
  ]);

  await stepTo(app, 30n);
  const decisions = log.roothash(30n, EVENT_LIVENESS);
  assert.ok(!decisions.some((d) => eq(d.node as Uint8Array, W)), 'frozen: no liveness verdict on top');
  assert.equal(decisions.find((d) => eq(d.node as Uint8Array, cast.honest))?.live, true);
  const status = (await queries(app).node(W))!.status!;
  assert.deepEqual([status.freeze_end_time, status.faults], [3n, []]);
  assert.equal(
    (await uedEscrow(app, escrowOf(wEntity))).active.balance,
    ESCROW - SLASH_EQUIVOCATION,
    'slashed once, for the equivocation',
  );
  const c3 = await queries(app).committee(RUNTIME, CommitteeKind.executor, 3n);
  assert.ok(c3, 'the two other nodes form the committee of epoch 3');
  assert.ok(!c3.members.some((m) => eq(m.public_key, W)), 'not elected while frozen');

  // The freeze ended at epoch 3, but it lasts until lifted: not a candidate for epoch 4 yet.
  const candidates = async () =>
    (await eligibleNodes(vedView(app.vedTree), RUNTIME, 4n)).map((n) => toHex(n.id));
  assert.ok(!(await candidates()).includes(toHex(W)));
  await step(app, [unfreeze(wNonce + 1n)]);
  assert.deepEqual(log.refused.get(app.committed.height), []);
  assert.equal((await queries(app).node(W))!.status!.freeze_end_time, 0n);
  assert.ok((await candidates()).includes(toHex(W)), 'a candidate again once unfrozen');
});
