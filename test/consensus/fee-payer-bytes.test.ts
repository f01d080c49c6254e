// The fee payer read from a transaction's bytes (no decode), and the VED's early skip built on it
// (APE-14): a transaction the VED does not hold the payer of is skipped there unhashed and
// undecoded, which must never differ from decoding it and then skipping it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual, decodeWith } from '../../src/common/index.js';
import {
  decodeSignedTx,
  executeVed,
  Mapping,
  ReceiptStatus,
  readEnvelope,
  readFeePayer,
  signTransaction,
  type Transaction,
  transactionCodec,
  txHash,
  VerifiedTxs,
} from '../../src/consensus/index.js';
import { addr, genesisDoc, quantityRaw, signer, TestChain } from '../helpers/chain.js';

const CHAIN = 'c'.repeat(64);
const alice = signer(1);
const bob = signer(2);
const val = signer(3);

function tx(over: Partial<Transaction> = {}): Transaction {
  return {
    nonce: 7n,
    fee: { amount: 10n, gas: 1000n },
    method: 'system.Transfer',
    body: { to: addr(bob), amount: quantityRaw(5n) },
    accounts: [{ address: addr(alice), writable: true }],
    ...over,
  };
}

const samples = (): Uint8Array[] => [
  signTransaction(alice, CHAIN, tx()),
  signTransaction(alice, CHAIN, tx({ nonce: 2n ** 64n - 2n, fee: { amount: 2n ** 200n, gas: 2n ** 40n } })),
  signTransaction(
    alice,
    CHAIN,
    tx({
      method: 'vote.Cast',
      body: { a: [1, 2, { b: new Uint8Array(300) }], c: 'x'.repeat(40) },
      accounts: [
        { address: addr(alice), writable: true },
        ...Array.from({ length: 15 }, (_, i) => ({ address: addr(signer(10 + i)), writable: i % 2 === 0 })),
      ],
    }),
  ),
];

/** The strict decoder's first listed account, or undefined when it refuses the bytes. */
function strictPayer(b: Uint8Array): Uint8Array | undefined {
  try {
    return decodeWith(transactionCodec, readEnvelope(b).raw).accounts[0]?.address;
  } catch {
    return undefined;
  }
}

test('fee payer bytes: the first listed account of every decodable transaction, as a view', () => {
  for (const b of samples()) {
    const p = readFeePayer(b);
    assert.ok(p !== undefined);
    assert.ok(bytesEqual(p, decodeSignedTx(b, CHAIN).tx.accounts[0]!.address));
    assert.equal(p.buffer, b.buffer, 'a view, nothing copied');
  }
});

test('fee payer bytes: other layouts, truncations and no accounts give undefined', () => {
  const good = samples()[0]!;
  for (const b of [new Uint8Array(0), new Uint8Array([0xa5]), new Uint8Array(200).fill(0xff)])
    assert.equal(readFeePayer(b), undefined);
  for (let n = 0; n < good.length; n++) assert.equal(readFeePayer(good.subarray(0, n)), undefined, `${n}`);
  assert.equal(readFeePayer(signTransaction(alice, CHAIN, tx({ accounts: [] }))), undefined);
});

test('fee payer bytes: whenever the strict decoder accepts mutated bytes, it reads the same payer', () => {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  let agreed = 0;
  for (const base of samples()) {
    for (let i = 0; i < 1500; i++) {
      const m = base.slice();
      for (let k = 1 + (next() % 3); k > 0; k--) m[next() % m.length] = next() % 256;
      const fast = readFeePayer(m);
      const strict = strictPayer(m);
      if (fast === undefined || strict === undefined) continue;
      assert.ok(bytesEqual(fast, strict), `mutant ${i}`);
      agreed++;
    }
  }
  assert.ok(agreed > 100, `enough mutants decoded (${agreed})`);
});

test('APE-14: the VED skips a UED-paid transaction undecoded (even a badly signed one); VED-paid ones still decode and verify once', async () => {
  const mk = () =>
    new TestChain(
      genesisDoc([
        { address: addr(alice), balance: 1_000_000n },
        { address: addr(bob), balance: 1_000_000n },
        { address: addr(val), balance: 1_000_000n, mapping: Mapping.RW_VED },
      ]),
    ).init();
  const c = await mk();
  const ued = c.transfer(alice, 0n, addr(bob), 1n);
  const badSig = ued.slice();
  badSig[readEnvelope(ued).signature.byteOffset - ued.byteOffset + 3]! ^= 1;
  const vedTx = c.tx(val, 0n, 'system.Transfer', { to: addr(val), amount: quantityRaw(3n) });
  const verified = new VerifiedTxs();
  const r = await executeVed({
    tree: c.ved,
    block: {
      height: 1n,
      timeMs: c.timeMs + 400n,
      parentTimeMs: c.timeMs,
      parentHash: c.vedHash,
      txs: [badSig, ued, vedTx],
    },
    params: c.params,
    vedSet: c.vedSet,
    services: c.services,
    verified,
  });
  assert.deepEqual(
    r.receipts.map((x) => x.receipt.status),
    [ReceiptStatus.Ok],
  );
  assert.ok(bytesEqual(r.receipts[0]!.txHash, txHash(vedTx)));
  assert.equal(verified.size, 1, 'only the VED-paid transaction was decoded (and verified)');
  // The UED still runs the good one and refuses the badly signed one.
  const full = await (await mk()).block([badSig, ued, vedTx]);
  assert.equal(full.ued.receipts.length, 1);
  assert.ok(bytesEqual(full.ued.receipts[0]!.txHash, txHash(ued)));
  assert.ok(bytesEqual(full.ved.domainHash, r.domainHash), 'same VED result as the plain run');
});
