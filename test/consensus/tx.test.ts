// Transactions: signed envelope, strict bounded decoding, fee payer rule, hash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addressFromPublicKey,
  encodeCanonical,
  encodeWith,
  hash,
  raw,
  signedCodec,
  signValue,
  toHex,
} from '../../src/common/index.js';
import {
  ConsensusError,
  decodeSignedTx,
  MAX_TX_ACCOUNTS,
  signTransaction,
  type Transaction,
  transactionCodec,
  txContext,
} from '../../src/consensus/index.js';
import { signer } from '../helpers/chain.js';

const CHAIN = 'c'.repeat(64);
const s = signer(5);
const payer = addressFromPublicKey(s.publicKey);

function tx(over: Partial<Transaction> = {}): Transaction {
  return {
    nonce: 3n,
    fee: { amount: 10n, gas: 1000n },
    method: 'system.Transfer',
    body: { to: new Uint8Array(21), amount: new Uint8Array([5]) },
    accounts: [{ address: payer, writable: true }],
    ...over,
  };
}

function code(c: number) {
  return (e: unknown) => ConsensusError.is(e, 'consensus', c);
}

test('signed transaction round trip; hash is SHA-512/256 of the signed bytes', () => {
  const b = signTransaction(s, CHAIN, tx());
  const d = decodeSignedTx(b, CHAIN);
  assert.equal(d.hashHex, toHex(hash(b)));
  assert.deepEqual(d.tx, tx());
  assert.deepEqual(d.feePayer, payer);
  assert.equal(d.size, b.length);
  assert.equal(txContext(CHAIN), `tandem/consensus: tx for chain ${CHAIN}`);
});

test('chain separation: a transaction signed for another chain is rejected', () => {
  const b = signTransaction(s, 'd'.repeat(64), tx());
  assert.throws(() => decodeSignedTx(b, CHAIN), code(ConsensusError.INVALID_SIGNATURE));
});

test('the fee payer must be the signer, listed first and writable', () => {
  const other = addressFromPublicKey(signer(6).publicKey);
  for (const accounts of [[], [{ address: payer, writable: false }], [{ address: other, writable: true }]]) {
    assert.throws(
      () => decodeSignedTx(signTransaction(s, CHAIN, tx({ accounts })), CHAIN),
      code(ConsensusError.FEE_PAYER_NOT_FIRST),
    );
  }
  const dup = [
    { address: payer, writable: true },
    { address: payer, writable: false },
  ];
  assert.throws(
    () => decodeSignedTx(signTransaction(s, CHAIN, tx({ accounts: dup })), CHAIN),
    code(ConsensusError.DUPLICATE_ACCOUNT),
  );
});

test('method names are checked', () => {
  for (const method of ['system', 'System.Transfer', 'system.transfer', 'a.B.C', '']) {
    assert.throws(
      () => decodeSignedTx(signTransaction(s, CHAIN, tx({ method })), CHAIN),
      code(ConsensusError.INVALID_METHOD),
    );
  }
});

test('decoders reject malformed, non-canonical and oversized input', () => {
  const good = signTransaction(s, CHAIN, tx());
  const cases: Uint8Array[] = [
    new Uint8Array(0),
    new Uint8Array([0xa0]),
    good.subarray(0, good.length - 3),
    new Uint8Array([...good, 0]),
    encodeCanonical({ untrusted_raw_value: new Uint8Array(3), signature: {} }),
  ];
  for (const b of cases) assert.throws(() => decodeSignedTx(b, CHAIN), code(ConsensusError.MALFORMED_TX));
  assert.throws(() => decodeSignedTx(new Uint8Array(40_000), CHAIN), code(ConsensusError.TX_TOO_LARGE));
  assert.throws(() => decodeSignedTx(good, CHAIN, 64), code(ConsensusError.TX_TOO_LARGE));
  // Inner value with an unknown field, correctly signed: refused after the signature check.
  const extra = { ...(transactionCodec.toCbor(tx(), '') as object), extra: 1 };
  const inner = encodeCanonical(extra);
  const signed = {
    untrusted_raw_value: inner,
    signature: { public_key: s.publicKey, signature: s.sign(txContext(CHAIN), inner) },
  };
  assert.throws(
    () => decodeSignedTx(encodeWith(signedCodec, signed), CHAIN),
    code(ConsensusError.MALFORMED_TX),
  );
  // Too many accounts.
  const many = Array.from({ length: MAX_TX_ACCOUNTS + 1 }, (_, i) => ({
    address: new Uint8Array(21).fill(i),
    writable: false,
  }));
  const big = signValue(s, txContext(CHAIN), raw, {
    ...(transactionCodec.toCbor(tx(), '') as object),
    accounts: many,
  });
  assert.throws(() => decodeSignedTx(encodeWith(signedCodec, big), CHAIN), code(ConsensusError.MALFORMED_TX));
  // A body nested deeper than the bound.
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = [deep];
  assert.throws(
    () => decodeSignedTx(signTransaction(s, CHAIN, tx({ body: deep })), CHAIN),
    code(ConsensusError.MALFORMED_TX),
  );
});
