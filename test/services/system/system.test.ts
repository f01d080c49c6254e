// The system program: accounts, transfers within one domain, remaps between the VED and the UED.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConsensusError, Mapping, ReceiptStatus, type Service } from '../../../src/consensus/index.js';
import { epochtimeService } from '../../../src/services/epochtime/index.js';
import { SystemError, systemService } from '../../../src/services/system/index.js';
import { addr, genesisDoc, quantityRaw, signer, TestChain } from '../../helpers/chain.js';

const alice = signer(11);
const bob = signer(12);
const val = signer(13);
const staker = signer(14);
const stakingStub: Service = { name: 'staking', methods: [] };

async function chain(interval = 5n): Promise<TestChain> {
  const doc = genesisDoc(
    [
      { address: addr(alice), balance: 1000n },
      { address: addr(val), balance: 1000n, mapping: Mapping.RW_VED },
      { address: addr(staker), balance: 1000n, owner: 'staking' },
    ],
    { epochInterval: interval },
  );
  return new TestChain(doc, [systemService, epochtimeService, stakingStub]).init();
}

async function run(c: TestChain, upTo: bigint): Promise<void> {
  while (c.height < upTo) await c.block([]);
}

test('system.CreateAccount creates a funded system account in the executing domain', async () => {
  const c = await chain();
  const fresh = addr(bob);
  const body = { address: fresh, amount: quantityRaw(100n) };
  const accounts = [{ address: fresh, writable: true }];
  const r = await c.block([c.tx(alice, 0n, 'system.CreateAccount', body, { accounts })]);
  assert.equal(r.ued.receipts[0]!.receipt.status, ReceiptStatus.Ok);
  assert.deepEqual(await c.account('ued', fresh), {
    balance: 100n,
    nonce: 0n,
    mapping: Mapping.RW_UED,
    owner: 'system',
  });
  const again = await c.block([c.tx(alice, 1n, 'system.CreateAccount', body, { accounts })]);
  assert.equal(again.ued.receipts[0]!.receipt.module, 'system');
  assert.equal(again.ued.receipts[0]!.receipt.code, SystemError.ACCOUNT_EXISTS);
  const unlisted = await c.block([
    c.tx(alice, 2n, 'system.CreateAccount', { address: addr(signer(77)), amount: quantityRaw(0n) }),
  ]);
  assert.equal(unlisted.ued.receipts[0]!.receipt.code, SystemError.ACCOUNT_NOT_LISTED);
});

test('system.Transfer runs within the VED for VED accounts; the recipient must be listed', async () => {
  const c = await chain();
  const r = await c.block([
    c.tx(val, 0n, 'system.Transfer', { to: addr(val), amount: quantityRaw(5n) }),
    c.tx(alice, 0n, 'system.Transfer', { to: addr(bob), amount: quantityRaw(1n) }),
  ]);
  assert.equal(r.ved.receipts[0]!.receipt.status, ReceiptStatus.Ok);
  assert.equal(r.ued.receipts.length, 1);
  assert.equal(r.ued.receipts[0]!.receipt.code, SystemError.ACCOUNT_NOT_LISTED);
  assert.equal((await c.account('ved', addr(val)))!.balance, 1000n - 10n);
});

test('APE-12: a UED→VED remap takes effect one full epoch later, across two epoch boundaries', async () => {
  const c = await chain(5n); // epochs: heights 1–4 epoch 0, 5–9 epoch 1, 10–14 epoch 2
  const r = await c.block([c.tx(alice, 0n, 'system.RequestRemap', { to: 'ved' })]); // height 1, epoch 0
  assert.equal(r.ued.receipts[0]!.receipt.status, ReceiptStatus.Ok);
  const frozen = (await c.account('ued', addr(alice)))!;
  assert.equal(frozen.moving_at, 2n);
  // Frozen: a transfer from it is skipped (its fee payer cannot pay), a transfer to it fails.
  const t = await c.block([c.transfer(alice, 1n, addr(bob), 1n), c.transfer(staker, 0n, addr(alice), 1n)]);
  assert.equal(t.ued.receipts.length, 1);
  assert.equal(t.ued.receipts[0]!.receipt.code, ConsensusError.ACCOUNT_FROZEN);
  await run(c, 4n);
  const b1 = await c.block([]); // height 5: first boundary, the move is reported, nothing moves yet
  assert.equal(b1.ued.remapsOut.length, 1);
  assert.equal(c.vedSet.has(addr(alice)), false);
  assert.notEqual(await c.account('ued', addr(alice)), null);
  assert.equal(await c.account('ved', addr(alice)), null);
  await run(c, 9n);
  await c.block([]); // height 10: second boundary, the account moves
  assert.equal(c.vedSet.has(addr(alice)), true);
  assert.equal(await c.account('ued', addr(alice)), null);
  const moved = (await c.account('ved', addr(alice)))!;
  assert.deepEqual(moved, { balance: frozen.balance, nonce: 1n, mapping: Mapping.RW_VED, owner: 'system' });
  // Now it pays fees in the VED and is skipped by the UED.
  const after = await c.block([
    c.tx(
      alice,
      1n,
      'system.Transfer',
      { to: addr(val), amount: quantityRaw(2n) },
      { accounts: [{ address: addr(val), writable: true }] },
    ),
  ]);
  assert.equal(after.ved.receipts[0]!.receipt.status, ReceiptStatus.Ok);
  assert.equal(after.ued.receipts.length, 0);
});

test('APE-12: a VED→UED remap moves the account back to the UED', async () => {
  const c = await chain(3n);
  await c.block([c.tx(val, 0n, 'system.RequestRemap', { to: 'ued' })]); // height 1, epoch 0
  await run(c, 5n);
  assert.equal(c.vedSet.has(addr(val)), true);
  assert.notEqual(await c.account('ved', addr(val)), null);
  await c.block([]); // height 6: epoch 2 starts
  assert.equal(c.vedSet.has(addr(val)), false);
  assert.equal(await c.account('ved', addr(val)), null);
  assert.equal((await c.account('ued', addr(val)))!.mapping, Mapping.RW_UED);
});

test('APE-13: an account whose owner program is not in the target domain cannot be remapped', async () => {
  const c = await chain();
  const r = await c.block([
    c.tx(staker, 0n, 'system.RequestRemap', { to: 'ved' }),
    c.tx(alice, 0n, 'system.RequestRemap', { to: 'ued' }),
  ]);
  assert.deepEqual(
    r.ued.receipts.map((x) => [x.receipt.module, x.receipt.code]),
    [
      ['consensus', ConsensusError.REMAP_NOT_ALLOWED],
      ['system', SystemError.SAME_DOMAIN],
    ],
  );
  assert.equal((await c.account('ued', addr(staker)))!.moving_at, undefined);
});

test('system.RequestRemap refuses an unknown target domain as an invalid body', async () => {
  const c = await chain();
  const r = await c.block([
    c.tx(alice, 0n, 'system.RequestRemap', { to: 'xyz' }),
    c.tx(val, 0n, 'system.RequestRemap', { to: '' }),
  ]);
  assert.equal(r.ued.receipts[0]!.receipt.code, ConsensusError.INVALID_BODY);
  assert.equal(r.ved.receipts[0]!.receipt.code, ConsensusError.INVALID_BODY);
});
