// Runtime messages on the composed chain (RT-27, spec/oasis.md §8): a runtime's registry message
// executed in the VED at finalization, and incoming messages (deposits) crossing from the UED.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressFromRuntimeId, namespaceFromSeed } from '../../src/common/index.js';
import {
  GOVERNANCE_RUNTIME,
  METHOD_REGISTER_RUNTIME,
  runtimeCodec,
} from '../../src/services/registry/index.js';
import {
  HeaderType,
  inMessagesHash,
  METHOD_SUBMIT_MSG,
  type RuntimeMessage,
  submitMsgBodyCodec,
} from '../../src/services/roothash/index.js';
import { Role, schedulerAt } from '../../src/services/scheduler/index.js';
import { addrOf, signTx, step, user } from '../helpers/chain-app.js';
import {
  byRole,
  commitment,
  commitTx,
  elected,
  entities,
  executor,
  nodeSigner,
  queries,
  RUNTIME,
  RUNTIME_ACCOUNT,
  rootOf,
  runtime,
  runtimeChain,
  stepTo,
  uedBalance,
} from './runtime-chain-fixture.js';

test('RT-27: a runtime-governed runtime updates its own descriptor by a registry message at finalization', async () => {
  const app = await runtimeChain();
  const c = await elected(app);
  const governed = { ...runtime(), governance_model: GOVERNANCE_RUNTIME };
  const failed = app.stats.failedReceipts;
  await step(app, [
    signTx(app, entities[0]!, 2n, METHOD_REGISTER_RUNTIME, runtimeCodec.toCbor(governed, '')),
  ]);
  assert.equal(app.stats.failedReceipts, failed, 'the owner hands governance to the runtime');
  const next = { ...governed, txn_scheduler: { ...governed.txn_scheduler, max_batch_size: 7n } };
  const msg: RuntimeMessage = { registry: { v: 0, update_runtime: runtimeCodec.toCbor(next, '') } };
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  const s = schedulerAt(c, 0n, st.round + 1n)!;
  const txs = [];
  for (const w of byRole(c, Role.worker)) {
    txs.push(commitTx(app, nodeSigner(w), await commitment(app, nodeSigner(w), s, 'gov', [msg])));
  }
  await step(app, txs);
  assert.equal((await queries(app).runtimeStatus(RUNTIME))!.round, st.round + 1n);
  assert.equal((await queries(app).runtime(RUNTIME))!.runtime.txn_scheduler.max_batch_size, 7n);
});

test('incoming messages: deposits queued at the next epoch start, refused ones refunded, consumed by a round with their hash', async () => {
  const app = await runtimeChain();
  await elected(app);
  const submit = (who: number, id: Uint8Array, fee: bigint, tokens: bigint) => {
    const body = submitMsgBodyCodec.toCbor({ id, tag: 1n, fee, tokens, data: Uint8Array.of(1, 2, 3) }, '');
    const rt = { address: addressFromRuntimeId(id), writable: true };
    return signTx(app, user(who), 0n, METHOD_SUBMIT_MSG, body, [rt]);
  };
  const unknown = namespaceFromSeed('no-such-runtime');
  const failed = app.stats.failedReceipts;
  await step(app, [submit(0, RUNTIME, 10n, 1_000n), submit(1, RUNTIME, 1n, 0n)]);
  assert.equal(app.stats.failedReceipts, failed);
  assert.equal(await uedBalance(app, RUNTIME_ACCOUNT), 1_000_000n + 1_011n, 'fee and tokens paid in');
  assert.deepEqual(await queries(app).inMessages(RUNTIME), [], 'the VED sees them at the next epoch start');
  const other = signTx(
    app,
    user(0),
    1n,
    METHOD_SUBMIT_MSG,
    submitMsgBodyCodec.toCbor({ id: unknown, tag: 0n, fee: 0n, tokens: 50n, data: new Uint8Array(0) }, ''),
    [{ address: addressFromRuntimeId(unknown), writable: true }],
  );
  await step(app, [other]);
  await stepTo(app, 30n);
  const queued = await queries(app).inMessages(RUNTIME);
  assert.equal(queued.length, 1);
  assert.deepEqual(queued[0]!.caller, addrOf(user(0)));
  assert.equal(queued[0]!.tokens, 1_000n);
  assert.equal(await uedBalance(app, addrOf(user(1))), 1_000_000n - 10n, 'below the minimum fee: refunded');
  assert.equal(await uedBalance(app, addressFromRuntimeId(unknown)), 0n, 'unknown runtime: refunded');
  assert.equal(await uedBalance(app, addrOf(user(0))), 1_000_000n - 20n - 1_010n);

  const c = await executor(app, 3n);
  const commitAll = async (label: string, hash?: Uint8Array) => {
    const st = (await queries(app).runtimeStatus(RUNTIME))!;
    const s = schedulerAt(c, 0n, st.round + 1n)!;
    const txs = [];
    for (const w of byRole(c, Role.worker)) {
      const inMsgs = hash ? { msgs: queued, hash } : { msgs: queued };
      txs.push(commitTx(app, nodeSigner(w), await commitment(app, nodeSigner(w), s, label, [], inMsgs)));
    }
    await step(app, txs);
    return (await queries(app).runtimeStatus(RUNTIME))!;
  };
  const bad = await commitAll('in-bad', rootOf('not the queue'));
  assert.equal(bad.latest_block.header_type, HeaderType.RoundFailed, 'a wrong in_msgs_hash fails the round');
  assert.equal((await queries(app).inMessages(RUNTIME)).length, 1, 'nothing consumed');
  const good = await commitAll('in-good');
  assert.equal(good.latest_block.header_type, HeaderType.Normal);
  assert.deepEqual(good.latest_block.in_msgs_hash, inMessagesHash(queued));
  assert.deepEqual(await queries(app).inMessages(RUNTIME), [], 'consumed');
});
