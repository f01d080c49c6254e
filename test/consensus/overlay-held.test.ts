// Values the block overlay holds decoded (account records, the fee pool): the same reads, rollbacks,
// entries and flushed bytes as when every write is encoded at once; and the receipts root's sort.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeWith } from '../../src/common/index.js';
import {
  type AccountRecord,
  accountKey,
  accountsPrefix,
  BlockOverlay,
  ConsensusError,
  encodeAccount,
  feePoolKey,
  feePoolNow,
  getAccount,
  getAccountNow,
  Mapping,
  putAccount,
  type Receipt,
  receiptCodec,
  receiptsRoot,
  setFeePool,
} from '../../src/consensus/index.js';
import { Tree } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const addr = (n: number) => Uint8Array.of(0, n, ...new Uint8Array(19));
const rec = (balance: bigint, nonce = 0n): AccountRecord => ({
  balance,
  nonce,
  mapping: Mapping.RW_UED,
  owner: 'system',
});

test('a held record reads back as itself and as its encoding; the flush writes its bytes', async () => {
  const t = new Tree();
  const o = new BlockOverlay(t);
  const r = rec(10n ** 18n, 3n);
  putAccount(o, addr(1), r);
  assert.equal(getAccountNow(o, addr(1)), r, 'no decode of a record written in the block');
  assert.deepEqual(o.getNow(accountKey(addr(1))), encodeAccount(r));
  assert.deepEqual(await getAccount(o, addr(1)), r);
  putAccount(o, addr(2), rec(5n));
  setFeePool(o, 7n);
  assert.equal(feePoolNow(o), 7n);
  await o.flush();
  assert.deepEqual(await t.get(accountKey(addr(1))), encodeAccount(r));
  assert.deepEqual(await t.get(accountKey(addr(2))), encodeAccount(rec(5n)));
  assert.deepEqual(await t.get(feePoolKey()), Uint8Array.of(7));
});

test('rollback restores the held value before the checkpoint, also after its bytes were read', async () => {
  const o = new BlockOverlay(new Tree());
  putAccount(o, addr(1), rec(100n));
  setFeePool(o, 1n);
  o.checkpoint();
  putAccount(o, addr(1), rec(60n, 1n));
  setFeePool(o, 2n);
  assert.deepEqual(o.getNow(accountKey(addr(1))), encodeAccount(rec(60n, 1n)));
  o.rollback();
  assert.deepEqual(getAccountNow(o, addr(1)), rec(100n));
  assert.equal(feePoolNow(o), 1n);
  o.checkpoint();
  putAccount(o, addr(1), rec(1n));
  o.release();
  assert.deepEqual(getAccountNow(o, addr(1)), rec(1n));
});

test('entries yield held values as bytes, merged in key order', async () => {
  const t = new Tree();
  await t.insert(accountKey(addr(2)), encodeAccount(rec(2n)));
  await t.commit(new Uint8Array(32), 1n);
  const o = new BlockOverlay(t);
  putAccount(o, addr(3), rec(3n));
  putAccount(o, addr(1), rec(1n));
  const got: [Uint8Array, Uint8Array][] = [];
  for await (const e of o.entries(accountsPrefix())) got.push(e);
  assert.deepEqual(
    got.map(([, v]) => v),
    [1n, 2n, 3n].map((b) => encodeAccount(rec(b))),
  );
});

test('a record the fast writer cannot encode is encoded (and refused) at once, not at the flush', async () => {
  const o = new BlockOverlay(new Tree());
  const bad = { ...rec(1n), owner: 'x'.repeat(40) };
  assert.throws(() => putAccount(o, addr(1), bad));
  assert.equal(o.pendingCount, 0);
  const extra = { ...rec(1n), extra: 1 } as AccountRecord;
  putAccount(o, addr(1), extra); // the codec drops a field it does not know: encoded now, as before
  assert.deepEqual(getAccountNow(o, addr(1)), rec(1n));
  const big = rec(1n << 200n); // valid, past the fast writer's balance size: encoded now
  putAccount(o, addr(2), big);
  assert.deepEqual(getAccountNow(o, addr(2)), big);
  // Valid records at and past the direct writer's edges read back equal, held or encoded at once.
  const edges: AccountRecord[] = [
    { ...rec((1n << 184n) - 1n), nonce: 0xffffffffffffffffn, moving_at: 3n },
    rec(1n << 184n),
    { ...rec(0n), owner: 'é' },
    { ...rec(0n), owner: '\u0001' },
    { ...rec(5n), owner: 'x'.repeat(23) },
    { ...rec(5n), owner: 'x'.repeat(24) },
  ];
  for (const [i, r] of edges.entries()) {
    putAccount(o, addr(10 + i), r);
    assert.deepEqual(getAccountNow(o, addr(10 + i)), r);
    assert.deepEqual(o.getNow(accountKey(addr(10 + i))), encodeAccount(r));
  }
  assert.throws(() => setFeePool(o, -1n));
  assert.throws(() => putAccount(o, new Uint8Array(3), rec(1n)), ConsensusError);
  await o.flush();
});

function receipt(i: number): Receipt {
  return { status: i % 2, module: i % 2 ? 'system' : '', code: i % 2, gas_used: BigInt(i), events: [] };
}

test('receiptsRoot: the sorted root equals a tree of the receipts, with keys sharing long prefixes', async () => {
  const rng = new Rng(5);
  for (const n of [0, 1, 2, 3, 40, 300]) {
    const receipts = Array.from({ length: n }, (_, i) => {
      const h = rng.bytes(32);
      if (i % 3 === 0) h.set(Uint8Array.of(9, 9, 9, 9, 9, 9, 9)); // equal numeric leads: bytes decide
      return { txHash: h, receipt: receipt(i) };
    });
    const viaTree = new Tree();
    for (const r of receipts) await viaTree.insert(r.txHash, encodeReceiptOf(r.receipt));
    assert.deepEqual(await receiptsRoot(rng.shuffle([...receipts])), await viaTree.rootHash());
  }
});

function encodeReceiptOf(r: Receipt): Uint8Array {
  return encodeWith(receiptCodec, r);
}
