// The verified-transaction cache: one signature check per node and transaction, keyed by the hash
// of the exact signed bytes, filled only by a successful full decode, bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressFromPublicKey, toHex } from '../../src/common/index.js';
import {
  ConsensusError,
  decodeSignedTx,
  readEnvelope,
  signTransaction,
  type Transaction,
  txHash,
  VerifiedTxs,
} from '../../src/consensus/index.js';
import { signer } from '../helpers/chain.js';

const CHAIN = 'c'.repeat(64);
const s = signer(5);
const payer = addressFromPublicKey(s.publicKey);

function tx(nonce: bigint, over: Partial<Transaction> = {}): Transaction {
  return {
    nonce,
    fee: { amount: 10n, gas: 1000n },
    method: 'system.Transfer',
    body: { to: new Uint8Array(21), amount: new Uint8Array([5]) },
    accounts: [{ address: payer, writable: true }],
    ...over,
  };
}

const hex = (b: Uint8Array) => toHex(txHash(b));
const badSig = (e: unknown) => ConsensusError.is(e, 'consensus', ConsensusError.INVALID_SIGNATURE);

/** The same bytes with one bit of the signature changed. */
function tampered(b: Uint8Array): Uint8Array {
  const sig = readEnvelope(b).signature;
  const at = Buffer.from(b).indexOf(Buffer.from(sig));
  assert.ok(at > 0, 'the signature is found in the envelope');
  const t = b.slice();
  t[at + 10]! ^= 1;
  return t;
}

test('verified txs: a successful decode remembers the exact bytes; a bad signature is refused and not remembered', () => {
  const v = new VerifiedTxs();
  const good = signTransaction(s, CHAIN, tx(1n));
  assert.equal(decodeSignedTx(good, CHAIN, undefined, { verified: v }).hashHex, hex(good));
  assert.ok(v.has(hex(good)));
  const bad = tampered(good);
  assert.throws(() => decodeSignedTx(bad, CHAIN, undefined, { verified: v }), badSig);
  assert.equal(v.has(hex(bad)), false, 'a failed check leaves no entry');
  assert.equal(v.size, 1);
});

test('verified txs: only bytes whose hash is held skip the signature check (one bit off is verified again)', () => {
  const v = new VerifiedTxs();
  const good = signTransaction(s, CHAIN, tx(2n));
  decodeSignedTx(good, CHAIN, undefined, { verified: v });
  // A copy of verified bytes differing in one bit misses and is verified (and refused).
  assert.throws(() => decodeSignedTx(tampered(good), CHAIN, undefined, { verified: v }), badSig);
  // Bytes held by hash are not verified again: the entry stands for exactly those bytes. (A node
  // only adds after verifying; here the entry is planted to show the check is skipped.)
  const bad = tampered(good);
  v.add(hex(bad));
  assert.equal(decodeSignedTx(bad, CHAIN, undefined, { verified: v }).hashHex, hex(bad));
  assert.throws(() => decodeSignedTx(bad, CHAIN), badSig, 'without the cache it is verified');
});

test('verified txs: a well-signed transaction failing the structural checks is not remembered', () => {
  const v = new VerifiedTxs();
  const notFirst = signTransaction(
    s,
    CHAIN,
    tx(3n, { accounts: [{ address: new Uint8Array(21), writable: true }] }),
  );
  assert.throws(
    () => decodeSignedTx(notFirst, CHAIN, undefined, { verified: v }),
    (e: unknown) => ConsensusError.is(e, 'consensus', ConsensusError.FEE_PAYER_NOT_FIRST),
  );
  assert.equal(v.size, 0);
});

test('verified txs: bounded, the oldest entry goes first; adding twice keeps one entry', () => {
  const v = new VerifiedTxs(2);
  const [a, b, c] = [4n, 5n, 6n].map((n) => hex(signTransaction(s, CHAIN, tx(n))));
  v.add(a!);
  v.add(a!);
  v.add(b!);
  assert.equal(v.size, 2);
  v.add(c!);
  assert.equal(v.size, 2);
  assert.equal(v.has(a!), false);
  assert.ok(v.has(b!) && v.has(c!));
});

test('verified txs: the hash bytes and their hex name one entry; anything but 64 hex digits is never held', () => {
  const v = new VerifiedTxs();
  const b = signTransaction(s, CHAIN, tx(8n));
  v.addHash(txHash(b));
  assert.ok(v.has(hex(b)) && v.has(hex(b).toUpperCase()) && v.hasHash(txHash(b)));
  v.add(hex(signTransaction(s, CHAIN, tx(9n))));
  assert.ok(v.hasHash(txHash(signTransaction(s, CHAIN, tx(9n)))));
  for (const bad of ['', 'zz', hex(b).slice(2), `${hex(b)}00`, 'g'.repeat(64)]) {
    v.add(bad);
    assert.equal(v.has(bad), false, bad);
  }
  assert.equal(v.size, 2);
  assert.equal(v.hasHash(new Uint8Array(32)), false);
});
