/**
 * The API backend over the real chain (issue 8): every NodeBackend method against a ChainApp
 * driven through a few blocks, submitTx refusals with the checkTx error, getTx before and after
 * UED execution, waits that resolve and time out, execution status at a stake threshold
 * (APE-19, APE-20), a divergence halt (APE-18) and the subscription topics. Execution status,
 * reports and the halt come from the app, which reads reports in each block's LastCommit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accountJ,
  type BlockView,
  blockJ,
  epochJ,
  executionStatusJ,
  type JsonCodec,
  statusJ,
  topicJ,
  txJ,
  type UedReportView,
  validatorSetJ,
  voteAccountJ,
} from '../../src/api/index.js';
import { addressFromPublicKey, bytesEqual, hash, TandemError } from '../../src/common/index.js';
import { BftError, blockHash } from '../../src/consensus/bft/index.js';
import { ConsensusError } from '../../src/consensus/index.js';
import { DomainsError } from '../../src/domains/index.js';
import { NodeError } from '../../src/node/index.js';
import { addrOf, signTx, transferTx, user, validatorKeys } from '../helpers/chain-app.js';
import { backendChain } from '../helpers/chain-backend.js';

const coded = (module: string, code: number) => (e: unknown) => TandemError.is(e, module, code);

test('chain backend: status, blocks, epoch, validators, accounts and vote accounts of the real chain', async () => {
  const c = await backendChain();
  const b = c.feeds.backend;
  const s0 = await b.status();
  assert.equal(s0.height, 0);
  assert.deepEqual(s0.latest_block_hash, new Uint8Array(32));
  assert.equal(s0.chain_context, c.app.programs.params.chainContext);
  const to = addrOf(user(1));
  const tx = transferTx(c.app, user(0), 0n, to, 777n);
  assert.deepEqual((await b.submitTx(tx)).hash, hash(tx));
  const b1 = await c.step([tx]);
  for (let i = 0; i < 5; i++) await c.step([]);
  const s = await b.status();
  assert.equal(s.chain_id, 'tandem-wiring');
  assert.equal(s.height, 6);
  assert.equal(s.epoch, 1, 'epoch interval 5');
  assert.equal(s.ued_height, 6);
  assert.equal(s.ued_lag, 0);
  assert.equal(s.peers, 3);
  assert.equal(s.halted, false);
  const g1 = await b.getBlock(1);
  assert.ok(g1);
  assert.deepEqual(g1.hash, blockHash(b1));
  assert.deepEqual(g1.tx_hashes, [hash(tx)]);
  assert.equal(g1.time, Number(b1.header.time));
  assert.deepEqual(await b.getBlockByHash(g1.hash), g1);
  assert.deepEqual((await b.getBlock(6))?.hash, s.latest_block_hash);
  assert.equal(await b.getBlock(7), null);
  assert.equal(await b.getBlock(0), null);
  assert.equal(await b.getBlockByHash(new Uint8Array(32)), null);
  assert.deepEqual(await b.getEpoch(), { epoch: 1, start_height: 5, interval: 5 });
  const vs = await b.getValidators();
  assert.equal(vs.height, 6);
  assert.equal(vs.validators.length, 4);
  assert.equal(
    vs.total_power,
    vs.validators.reduce((t, v) => t + v.voting_power, 0n),
  );
  const node0 = validatorKeys(0).node.publicKey;
  assert.ok(vs.validators.some((v) => bytesEqual(v.node_id, node0)));
  assert.equal((await b.getValidators(1)).validators.length, 4);
  await assert.rejects(b.getValidators(100), coded(NodeError.MODULE, NodeError.UNAVAILABLE));
  const acct = await b.getAccount(to);
  assert.equal(acct.balance, 1_000_000n + 777n);
  assert.equal(acct.mapping, 'RW-UED');
  const payer = await b.getAccount(addrOf(user(0)));
  assert.equal(payer.nonce, 1n);
  const role = await b.getAccount(addrOf(validatorKeys(0).authority));
  assert.equal(role.mapping, 'RW-VED');
  const empty = await b.getAccount(addressFromPublicKey(new Uint8Array(32).fill(9)));
  assert.equal(empty.balance, 0n);
  assert.equal(empty.nonce, 0n);
  const va = await b.getVoteAccount(addressFromPublicKey(node0));
  assert.ok(va);
  assert.deepEqual(va.node_id, node0);
  assert.ok(va.stake >= 10_000n, `stake ${va.stake}`);
  assert.equal((await b.getAccount(addressFromPublicKey(node0))).escrow_active, va.stake);
  assert.equal(await b.getVoteAccount(to), null);
  // Every result survives the API's wire encoding (what the server sends, the client decodes).
  const wire = <T>(codec: JsonCodec<T>, v: T) => assert.deepEqual(codec.decode(codec.encode(v), 'r'), v);
  wire(statusJ, s);
  wire(blockJ, g1);
  wire(epochJ, await b.getEpoch());
  wire(validatorSetJ, vs);
  wire(accountJ, acct);
  wire(voteAccountJ, va);
  wire(txJ, (await b.getTx(hash(tx)))!);
  wire(executionStatusJ, await b.executionStatus(hash(tx)));
  assert.deepEqual(c.errors, []);
});

test('chain backend: submitTx refusals carry the checkTx module and code and change nothing', async () => {
  const c = await backendChain();
  const b = c.feeds.backend;
  await assert.rejects(
    b.submitTx(Uint8Array.of(0xa1, 0x61, 0x78, 0x01)),
    coded('consensus', ConsensusError.MALFORMED_TX),
  );
  const stranger = validatorKeys(9).node;
  const unknown = transferTx(c.app, stranger, 0n, addrOf(user(1)), 1n);
  await assert.rejects(b.submitTx(unknown), coded('consensus', ConsensusError.INSUFFICIENT_BALANCE));
  const poor = signTx(c.app, user(0), 0n, 'system.Transfer', {}, [], 10n ** 30n);
  await assert.rejects(b.submitTx(poor), coded('consensus', ConsensusError.INSUFFICIENT_BALANCE));
  const ahead = transferTx(c.app, user(0), 1000n, addrOf(user(1)), 1n);
  await assert.rejects(b.submitTx(ahead), coded('consensus', ConsensusError.INVALID_NONCE));
  const ok = transferTx(c.app, user(0), 0n, addrOf(user(1)), 1n);
  await b.submitTx(ok);
  await assert.rejects(b.submitTx(ok), coded(BftError.MODULE, BftError.TX_DUPLICATE));
  assert.equal(c.admission.mempool.size, 1);
});

test('APE-19 chain backend: getTx before and after UED execution, status at a stake threshold', async () => {
  const c = await backendChain();
  const b = c.feeds.backend;
  const tx = transferTx(c.app, user(0), 0n, addrOf(user(1)), 5n);
  const h = hash(tx);
  assert.equal(await b.getTx(h), null);
  assert.equal((await b.executionStatus(h)).state, 'pending');
  c.holdUed = true;
  await c.step([tx]);
  const before = await b.getTx(h);
  assert.ok(before);
  assert.deepEqual(before.tx, tx);
  assert.equal(before.height, 1);
  assert.equal(before.index, 0);
  assert.equal(before.receipt, null, 'included, not executed by this node yet');
  assert.equal((await b.executionStatus(h)).state, 'pending');
  await c.releaseUed();
  const after = await b.getTx(h);
  assert.equal(after?.receipt?.success, true);
  assert.equal(after?.receipt?.domain, 'ued');
  assert.ok(after?.receipt?.events.some((e) => e.kind === 'transfer'));
  assert.equal((await b.executionStatus(h)).state, 'executed', 'no report of height 1 yet');
  // Validator 0's precommit of height 1 reports its UED there; block 2's LastCommit carries it.
  await c.step([], [{ index: 0 }]);
  const st = await b.executionStatus(h);
  assert.equal(st.state, 'confirmed', 'one validator of four is above 5% of the stake');
  assert.equal(st.height, 1);
  assert.equal(st.reported_stake, 10_000n);
  assert.equal(st.total_stake, 40_006n);
  const high = await b.executionStatus(h, 30_000n);
  assert.equal(high.state, 'executed', 'below the asked stake');
  await c.step([], [{ index: 0 }, { index: 1 }, { index: 2 }]);
  assert.equal(
    (await b.executionStatus(h, 30_000n)).state,
    'confirmed',
    'later reports cover earlier heights',
  );
  assert.deepEqual(c.errors, []);
});

test('chain backend: waits resolve on inclusion and execution, VED transactions are final with their block, and time out', async () => {
  const c = await backendChain();
  const b = c.feeds.backend;
  const ued = transferTx(c.app, user(0), 0n, addrOf(user(1)), 5n);
  const auth = validatorKeys(0).authority;
  const ved = transferTx(c.app, auth, 0n, addrOf(validatorKeys(0).feePayer), 5n);
  const inc = b.waitForInclusion(hash(ued), 5000);
  const exe = b.waitForExecution(hash(ued), 25_000n, 5000);
  const vedExe = b.waitForExecution(hash(ved), undefined, 5000);
  await b.submitTx(ued);
  await b.submitTx(ved);
  await c.step([ued, ved]);
  const included = await inc;
  assert.equal(included.height, 1);
  const v = await vedExe;
  assert.equal(v.state, 'confirmed');
  assert.equal(v.receipt?.domain, 'ved');
  assert.equal(v.reported_stake, v.total_stake);
  await c.step([], [{ index: 0 }, { index: 1 }, { index: 2 }]);
  const e = await exe;
  assert.equal(e.state, 'confirmed');
  assert.ok(e.reported_stake >= 25_000n);
  const ghost = hash(Uint8Array.of(1, 2, 3));
  await assert.rejects(b.waitForInclusion(ghost, 30), coded(NodeError.MODULE, NodeError.TIMEOUT));
  await assert.rejects(b.waitForExecution(ghost, undefined, 30), coded(NodeError.MODULE, NodeError.TIMEOUT));
  await assert.rejects(b.waitForInclusion(ghost, -1), coded(NodeError.MODULE, NodeError.INVALID_ARGUMENT));
  const pending = b.waitForInclusion(ghost, 5000);
  b.close();
  await assert.rejects(pending, coded(NodeError.MODULE, NodeError.CLOSED));
  await assert.rejects(b.waitForInclusion(ghost, 5000), coded(NodeError.MODULE, NodeError.CLOSED));
});

test('APE-18 chain backend: events for blocks and reports; a third of the stake reporting another hash halts with an alert', async () => {
  const c = await backendChain();
  const b = c.feeds.backend;
  const blocks: BlockView[] = [];
  const reports: UedReportView[] = [];
  const alerts: string[] = [];
  const stop = b.events.blocks.subscribe((x) => blocks.push(x));
  b.events.uedReports.subscribe((r) => reports.push(r));
  b.events.alerts.subscribe((a) => alerts.push(`${a.kind}@${a.height}`));
  b.events.blocks.subscribe(() => {
    throw new Error('a bad listener');
  });
  const tx = transferTx(c.app, user(0), 0n, addrOf(user(1)), 5n);
  await c.step([tx]);
  await c.step([], [{ index: 0 }, { index: 1 }]);
  stop();
  await c.step([]);
  await c.step([]);
  assert.deepEqual(
    blocks.map((x) => x.height),
    [1, 2],
    'in order, until unsubscribed',
  );
  assert.equal(reports.length, 4, 'two, one, one');
  assert.equal(reports[0]!.height, 1);
  assert.equal(reports[0]!.stake, 10_000n);
  assert.deepEqual(
    reports[0]!.validator,
    addressFromPublicKey(validatorKeys(0).node.publicKey),
    'its vote account',
  );
  const waiting = b.waitForExecution(hash(tx), 40_000n, 5000);
  await c.step(
    [],
    [
      { index: 1, wrong: true },
      { index: 2, wrong: true },
    ],
  );
  assert.deepEqual(alerts, ['divergence@4']);
  for (const r of reports) assert.deepEqual(topicJ.uedReports.decode(topicJ.uedReports.encode(r), 'r'), r);
  assert.equal((await b.status()).halted, true);
  assert.equal((await b.executionStatus(hash(tx))).state, 'diverged');
  await assert.rejects(waiting, coded(DomainsError.MODULE, DomainsError.DIVERGENCE_HALT));
  const vedTx = transferTx(c.app, validatorKeys(0).authority, 0n, addrOf(validatorKeys(0).feePayer), 1n);
  const vedWait = b.waitForExecution(hash(vedTx), undefined, 5000);
  await c.step([vedTx]);
  assert.equal((await b.executionStatus(hash(vedTx))).state, 'diverged', 'not even VED transactions');
  await assert.rejects(vedWait, coded(DomainsError.MODULE, DomainsError.DIVERGENCE_HALT));
  assert.deepEqual(c.errors, []);
});
