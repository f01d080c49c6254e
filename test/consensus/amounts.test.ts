// Amounts never go negative or overflow: a seeded property test of the ledger against a model,
// and of fee charging through the executor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUANTITY } from '../../src/common/index.js';
import {
  BlockOverlay,
  ConsensusError,
  DomainLedger,
  feePool,
  ReceiptStatus,
} from '../../src/consensus/index.js';
import { Tree } from '../../src/mkvs/index.js';
import { addr, genesisDoc, signer, TestChain } from '../helpers/chain.js';
import { Rng } from '../helpers/rng.js';

function amount(r: Rng, balance: bigint): bigint {
  switch (r.int(7)) {
    case 0:
      return 0n;
    case 1:
      return balance;
    case 2:
      return balance + 1n;
    case 3:
      return MAX_QUANTITY;
    case 4:
      return MAX_QUANTITY - balance + BigInt(r.int(3)) - 1n; // around the overflow edge (may be -1 or 2^256)
    case 5:
      return BigInt(`0x${Buffer.from(r.bytes(r.range(1, 32))).toString('hex')}`);
    default:
      return BigInt(r.int(1000));
  }
}

test('property: ledger balances stay in 0..2^256-1 and failed operations change nothing', async () => {
  const r = new Rng(7);
  const ledger = new DomainLedger(new BlockOverlay(new Tree()), 'ued');
  const addrs = Array.from({ length: 5 }, (_, i) => new Uint8Array(21).fill(i + 1));
  const model = new Map<number, bigint>(addrs.map((_, i) => [i, 0n]));
  for (let step = 0; step < 3000; step++) {
    const i = r.int(addrs.length);
    const bal = model.get(i)!;
    const x = amount(r, bal);
    if (r.chance(500)) {
      try {
        await ledger.credit(addrs[i]!, x);
        model.set(i, bal + x);
        assert.ok(x >= 0n && bal + x <= MAX_QUANTITY);
      } catch (e) {
        const code =
          x < 0n || x > MAX_QUANTITY ? ConsensusError.INVALID_AMOUNT : ConsensusError.AMOUNT_OVERFLOW;
        assert.ok(ConsensusError.is(e, 'consensus', code), `${e} x=${x} bal=${bal}`);
        assert.ok(x < 0n || bal + x > MAX_QUANTITY);
      }
    } else {
      try {
        await ledger.debit(addrs[i]!, x);
        model.set(i, bal - x);
        assert.ok(x >= 0n && x <= bal);
      } catch (e) {
        const code =
          x < 0n || x > MAX_QUANTITY ? ConsensusError.INVALID_AMOUNT : ConsensusError.INSUFFICIENT_BALANCE;
        assert.ok(ConsensusError.is(e, 'consensus', code), `${e} x=${x} bal=${bal}`);
        assert.ok(x < 0n || x > bal);
      }
    }
    assert.equal(await ledger.balance(addrs[i]!), model.get(i));
  }
});

test('property: transfers of extreme amounts through the executor conserve supply and never wrap', async () => {
  const r = new Rng(11);
  const users = [signer(31), signer(32), signer(33)];
  const half = MAX_QUANTITY / 2n;
  const c = await new TestChain(
    genesisDoc([
      { address: addr(users[0]!), balance: half },
      { address: addr(users[1]!), balance: half },
      { address: addr(users[2]!), balance: 1n },
    ]),
  ).init();
  const supply = half * 2n + 1n;
  const nonces = [0n, 0n, 0n];
  for (let h = 0; h < 60; h++) {
    const i = r.int(3);
    const from = users[i]!;
    const bal = (await c.account('ued', addr(from)))!.balance;
    const fee = bal > 0n && r.chance(300) ? 1n : 0n;
    let x = amount(r, bal);
    if (x < 0n) x = 0n; // a negative amount cannot be encoded at all
    const res = await c.block([c.transfer(from, nonces[i]!, addr(users[r.int(3)]!), x, { fee })]);
    if (res.ued.receipts.length > 0) nonces[i]! += 1n;
    let total = await feePool({ get: (k) => c.ued.get(k), set() {}, delete() {}, async *entries() {} });
    for (const u of users) total += (await c.account('ued', addr(u)))!.balance;
    assert.equal(total, supply);
    for (const rc of res.ued.receipts) {
      const { status, code } = rc.receipt;
      // An amount beyond 2^256-1 does not decode as a quantity: the body is invalid.
      const expected = x > MAX_QUANTITY ? ConsensusError.INVALID_BODY : ConsensusError.INSUFFICIENT_BALANCE;
      assert.ok(status === ReceiptStatus.Ok || code === expected, `code ${code} for ${x}`);
    }
  }
});
