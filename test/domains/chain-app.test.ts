import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressFromPublicKey, encodeWith, TandemError } from '../../src/common/index.js';
import type { Block, Evidence } from '../../src/consensus/bft/index.js';
import { BlockOverlay, ConsensusError } from '../../src/consensus/index.js';
import { ChainApp, DomainsError, encodeUedReport } from '../../src/domains/index.js';
import { StakingReader } from '../../src/services/staking/index.js';
import { createConsentCodec, createConsentContext, VoteStateReader } from '../../src/services/vote/index.js';
import {
  addrOf,
  key,
  quantityRaw,
  signTx,
  step,
  testGenesis,
  transferTx,
  user,
  validatorKeys,
} from '../helpers/chain-app.js';

async function proposal(app: ChainApp, time: bigint): Promise<Block> {
  const height = app.committed.height + 1n;
  const { vedHash } = await app.prepareProposal({ height, time, candidates: [], evidence: [] });
  const z = new Uint8Array(32);
  const header = {
    chain_id: 'x',
    height,
    time,
    last_block_hash: z,
    last_commit_hash: z,
    txs_hash: z,
    evidence_hash: z,
    ved_hash: vedHash,
    validators_hash: z,
    proposer: z,
  };
  return { header, txs: [], evidence: [], last_commit: null };
}

test('APE-14 processProposal re-executes the VED and refuses another VED hash or height', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2) });
  const b = await proposal(app, app.committed.timeMs + 400n);
  assert.equal(await app.processProposal(b), true);
  const wrong = { ...b, header: { ...b.header, ved_hash: new Uint8Array(32).fill(1) } };
  assert.equal(await app.processProposal(wrong), false);
  assert.equal(await app.processProposal({ ...b, header: { ...b.header, height: 5n } }), false);
});

test('APE-27 processProposal refuses a block time outside (parent, parent + 1000 ms]', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2) });
  const parent = app.committed.timeMs;
  assert.equal(await app.processProposal(await proposal(app, parent + 1000n)), true);
  const b = await proposal(app, parent + 400n);
  for (const time of [parent + 1001n, parent, parent - 1n]) {
    assert.equal(await app.processProposal({ ...b, header: { ...b.header, time } }), false);
  }
  await assert.rejects(proposal(app, parent + 1001n), (e) => TandemError.is(e, ConsensusError.MODULE));
  assert.equal(app.proposalTime(parent, parent + 420n), parent + 400n, 'default step 400 ms');
  assert.equal(app.proposalTime(parent, parent + 5000n), parent + 1000n, 'at most 1 s forward');
  assert.equal(app.proposalTime(parent, parent - 10n), parent + 1n, 'never back');
});

test('APE-15 vote extensions carry the latest UED report; malformed ones are refused', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2) });
  await step(app, []);
  const ext = app.extendVote(2n);
  assert.equal(app.verifyVoteExtension(new Uint8Array(32), 2n, ext), true);
  assert.equal(app.verifyVoteExtension(new Uint8Array(32), 1n, ext), false, 'report of a later height');
  assert.equal(app.verifyVoteExtension(new Uint8Array(32), 2n, new Uint8Array(0)), true, 'no report');
  assert.equal(app.verifyVoteExtension(new Uint8Array(32), 2n, Uint8Array.of(0xa1, 0x00)), false);
  const long = encodeUedReport({ height: 1n, hash: new Uint8Array(32) });
  assert.equal(app.verifyVoteExtension(new Uint8Array(32), 2n, Uint8Array.of(...long, 0)), false);
});

test('checkTx: decoded, signed, fee payer funded with a usable nonce', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2) });
  const ok = await app.checkTx(transferTx(app, user(0), 0n, addrOf(user(1)), 1n));
  assert.equal(ok.ok && ok.domain, 'ued');
  const ved = await app.checkTx(transferTx(app, validatorKeys(0).authority, 0n, addrOf(user(1)), 1n));
  assert.equal(ved.ok && ved.domain, 'ved');
  const garbage = await app.checkTx(Uint8Array.of(1, 2, 3));
  assert.equal(garbage.ok, false);
  const stale = await app.checkTx(transferTx(app, user(0), 100n, addrOf(user(1)), 1n));
  assert.equal(!stale.ok && stale.code, ConsensusError.INVALID_NONCE);
  const nobody = await app.checkTx(transferTx(app, user(7), 0n, addrOf(user(1)), 1n));
  assert.equal(!nobody.ok && nobody.code, ConsensusError.INSUFFICIENT_BALANCE);
});

test('genesis validators must be the vote membership of epoch 0', async () => {
  const g = testGenesis(2);
  const bad = { ...g, validators: g.validators.map((v) => ({ ...v, power: v.power + 1n })) };
  await assert.rejects(ChainApp.create({ genesis: bad }), (e) => TandemError.is(e, DomainsError.MODULE));
});

function evidenceAgainst(node: Uint8Array, height: bigint): Evidence {
  const body = { type: 2, height, round: 0, block_hash: null, validator: 0, extension: new Uint8Array(0) };
  const vote = { body, signature: new Uint8Array(64) };
  return { pub_key: node, a: vote, b: vote };
}

test('APE-26 evidence slashes the escrow in the UED and freezes the vote account in the VED', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2) });
  await step(app, []);
  const node = validatorKeys(1).node.publicKey;
  const account = addressFromPublicKey(node);
  const ev = evidenceAgainst(node, 1n);
  await step(app, [], { evidence: [ev, evidenceAgainst(node, 1n)] });
  const acct = await new VoteStateReader(new BlockOverlay(app.vedTree)).account(account);
  assert.equal(acct?.status, 'deactivating', 'an active account is deactivated');
  assert.ok(acct!.frozenUntil > 0n, 'and frozen');
  const escrowOf = async () => {
    const view = { get: (k: Uint8Array) => app.ued.get(k), set() {}, delete() {}, async *entries() {} };
    return (await new StakingReader(view).escrow(account)).active.balance;
  };
  assert.equal(await escrowOf(), 10_001n - 500n, '1/20 of the escrow, once for one (key, height)');
  await step(app, [], { evidence: [ev] });
  assert.equal(await escrowOf(), 10_001n - 500n, 'the same evidence again slashes nothing');
});

test('APE-25 rewards go to the VED members only, end to end', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2, { epochInterval: 4n }) });
  const outsider = addrOf(user(3));
  const add = signTx(app, user(0), 0n, 'staking.AddEscrow', {
    account: outsider,
    amount: quantityRaw(5000n),
  });
  await step(app, [add]);
  for (let i = 0; i < 8; i++) await step(app, []);
  const view = { get: (k: Uint8Array) => app.ued.get(k), set() {}, delete() {}, async *entries() {} };
  const st = new StakingReader(view);
  const member = (await st.escrow(addressFromPublicKey(validatorKeys(0).node.publicKey))).active.balance;
  assert.ok(member > 10_000n, `member escrow grew to ${member}`);
  assert.equal((await st.escrow(outsider)).active.balance, 5000n, 'a non-member escrow gets nothing');
});

test('APE-26 an inactive vote account (never in the VED membership) is slashed and frozen too', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2) });
  const auth = validatorKeys(0).authority;
  const node = key(77, 5);
  const a = addrOf(auth);
  const consent = { authority: a, fee_payer: a, fund: a };
  const node_signature = node.sign(
    createConsentContext(app.programs.params.chainContext),
    encodeWith(createConsentCodec, consent),
  );
  const create = signTx(app, auth, 0n, 'vote.CreateAccount', {
    node: node.publicKey,
    ...consent,
    node_signature,
  });
  const stake = signTx(app, user(0), 0n, 'staking.AddEscrow', {
    account: addrOf(node),
    amount: quantityRaw(4000n),
  });
  await step(app, [create, stake]);
  await step(app, [], { evidence: [evidenceAgainst(node.publicKey, 1n)] });
  const acct = await new VoteStateReader(new BlockOverlay(app.vedTree)).account(addrOf(node));
  assert.equal(acct?.status, 'inactive');
  assert.ok(acct!.frozenUntil > 0n, 'frozen: activation refused for a while');
  const view = { get: (k: Uint8Array) => app.ued.get(k), set() {}, delete() {}, async *entries() {} };
  assert.equal((await new StakingReader(view).escrow(addrOf(node))).active.balance, 4000n - 200n);
});
