// A mempool re-check reuses the decode of the very bytes object it holds, under the same params.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConsensusError } from '../../src/consensus/index.js';
import { ChainApp, checkTx, DecodedTxMemo } from '../../src/domains/index.js';
import { addrOf, testGenesis, transferTx, user } from '../helpers/chain-app.js';

async function fixture() {
  const app = await ChainApp.create({ genesis: testGenesis(2) });
  const params = app.programs.params;
  const view = { vedSet: { has: () => false }, programs: params.programs };
  const none = async () => null;
  return { app, params, view, none };
}

test('checkTx re-check: a remembered decode is reused, the state is still read', async () => {
  const { app, params, view } = await fixture();
  const tx = transferTx(app, user(0), 0n, addrOf(user(1)), 1n);
  const memo = new DecodedTxMemo();
  let reads = 0;
  const read = async () => {
    reads++;
    return null;
  };
  const first = await checkTx(tx, params, view, { ved: read, ued: read }, { memo });
  assert.equal(!first.ok && first.code, ConsensusError.INSUFFICIENT_BALANCE, 'no account in this fake state');
  const decoded = memo.get(tx, params);
  assert.ok(decoded !== undefined, 'remembered after a successful decode');
  assert.equal(memo.get(new Uint8Array(tx), params), undefined, 'by the bytes object, not equal bytes');
  assert.equal(memo.get(tx, { ...params }), undefined, 'only under the same params object');
  const again = await checkTx(tx, params, view, { ved: read, ued: read }, { memo, recheck: true });
  assert.deepEqual(again, first);
  assert.equal(reads, 2, 'each check reads the fee payer');
});

test('checkTx: a new check never trusts the memo; a re-check under other params decodes again', async () => {
  const { app, params, view, none } = await fixture();
  const good = transferTx(app, user(0), 0n, addrOf(user(1)), 1n);
  const memo = new DecodedTxMemo();
  await checkTx(good, params, view, { ved: none, ued: none }, { memo });
  const garbage = Uint8Array.of(1, 2, 3);
  memo.set(garbage, params, memo.get(good, params)!);
  const fresh = await checkTx(garbage, params, view, { ved: none, ued: none }, { memo });
  assert.equal(fresh.ok, false);
  assert.equal(!fresh.ok && fresh.code, ConsensusError.MALFORMED_TX);
  const other = { ...params };
  const re = await checkTx(garbage, other, view, { ved: none, ued: none }, { memo, recheck: true });
  assert.equal(!re.ok && re.code, ConsensusError.MALFORMED_TX);
  const unknown = await checkTx(
    Uint8Array.of(9),
    params,
    view,
    { ved: none, ued: none },
    { memo, recheck: true },
  );
  assert.equal(!unknown.ok && unknown.code, ConsensusError.MALFORMED_TX, 'not remembered: decoded strictly');
});

test('ChainApp.checkTx: a re-check of held bytes gives the same verdict as the first check', async () => {
  const { app } = await fixture();
  const tx = transferTx(app, user(0), 0n, addrOf(user(1)), 1n);
  const first = await app.checkTx(tx, 'new');
  assert.equal(first.ok, true);
  assert.deepEqual(await app.checkTx(tx, 'recheck'), first);
  const garbage = await app.checkTx(Uint8Array.of(1, 2, 3), 'recheck');
  assert.equal(garbage.ok, false);
});
