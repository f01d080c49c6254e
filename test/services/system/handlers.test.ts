// system.Transfer's promise-free form: finished at once with the executor's ledger, awaited with
// any other, and with the same effects and refusals as the awaited handler.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import {
  BlockOverlay,
  ConsensusError,
  DomainLedger,
  getAccount,
  Mapping,
  putAccount,
  type TxContext,
} from '../../../src/consensus/index.js';
import { Tree } from '../../../src/mkvs/index.js';
import { SystemError, systemService } from '../../../src/services/system/index.js';
import { World } from '../../helpers/service-context.js';

const transferDef = systemService.methods.find((m) => m.name === 'system.Transfer')!;
const from = new Uint8Array(21).fill(1);
const to = new Uint8Array(21).fill(2);

/** A transaction context over the executor's overlay and ledger, with `from` funded. */
function overlayTx(listed = true): { ctx: TxContext; state: BlockOverlay; events: unknown[] } {
  const state = new BlockOverlay(new Tree());
  putAccount(state, from, { balance: 50n, nonce: 0n, mapping: Mapping.RW_UED, owner: 'system' });
  const events: unknown[] = [];
  const w = new World();
  const ctx: TxContext = {
    ...w.tx(new Uint8Array(32), {
      feePayer: from,
      accounts: listed ? [{ address: to, writable: true }] : [],
    }),
    state,
    ledger: new DomainLedger(state, 'ued'),
    emit: (e) => events.push(e),
  };
  return { ctx, state, events };
}

test('Transfer finishes without a promise over the executor ledger, with the awaited effects', async () => {
  const a = overlayTx();
  assert.equal(transferDef.handleNow!(a.ctx, { to, amount: 20n }), undefined);
  const b = overlayTx();
  await transferDef.handle(b.ctx, { to, amount: 20n });
  for (const { state, events } of [a, b]) {
    assert.equal((await getAccount(state, from))!.balance, 30n);
    assert.equal((await getAccount(state, to))!.balance, 20n);
    assert.deepEqual(events, [
      { module: 'system', kind: 'transfer', value: { from, to, amount: new Uint8Array([20]) } },
    ]);
  }
});

test('Transfer refusals: thrown at once by the promise-free form, rejected by the handler, nothing changed', async () => {
  const short = overlayTx();
  assert.throws(
    () => transferDef.handleNow!(short.ctx, { to, amount: 51n }),
    (e) => ConsensusError.is(e, 'consensus', ConsensusError.INSUFFICIENT_BALANCE),
  );
  await assert.rejects(transferDef.handle(short.ctx, { to, amount: 51n }));
  assert.equal((await getAccount(short.state, from))!.balance, 50n);
  assert.equal(await getAccount(short.state, to), null);
  const unlisted = overlayTx(false);
  const notListed = (e: unknown) => SystemError.is(e, 'system', SystemError.ACCOUNT_NOT_LISTED);
  assert.throws(() => transferDef.handleNow!(unlisted.ctx, { to, amount: 1n }), notListed);
  await assert.rejects(transferDef.handle(unlisted.ctx, { to, amount: 1n }), notListed);
  assert.deepEqual(unlisted.events, []);
});

test('Transfer awaits a ledger without promise-free steps', async () => {
  const w = new World();
  w.ledger.balances.set(toHex(from), 10n);
  const ctx = w.tx(new Uint8Array(32), { feePayer: from, accounts: [{ address: to, writable: true }] });
  const p = transferDef.handleNow!(ctx, { to, amount: 4n });
  assert.ok(p instanceof Promise);
  await p;
  assert.equal(w.ledger.balances.get(toHex(from)), 6n);
  assert.equal(w.ledger.balances.get(toHex(to)), 4n);
  assert.equal(w.events.length, 1);
});
