// A block's transactions decoded for a domain: signatures checked in one pass, each once, with
// the outcome of decoding each transaction on its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressFromPublicKey, signatureStats } from '../../src/common/index.js';
import {
  blockDecoder,
  ConsensusError,
  checkTxSignature,
  decodeSignedTx,
  ProgramTable,
  signTransaction,
  type Transaction,
  txHash,
  VedAccountSet,
  VerifiedTxs,
} from '../../src/consensus/index.js';
import { signer } from '../helpers/chain.js';

const CHAIN = 'c'.repeat(64);
const MAX = 2048;
const ued = signer(11);
const ved = signer(12);
const uedPayer = addressFromPublicKey(ued.publicKey);
const vedPayer = addressFromPublicKey(ved.publicKey);
const view = { vedSet: new VedAccountSet(0n, [vedPayer]), programs: new ProgramTable(['system']) };
const code = (c: number) => (e: unknown) => ConsensusError.is(e, 'consensus', c);

function signed(s: ReturnType<typeof signer>, nonce: bigint, over: Partial<Transaction> = {}): Uint8Array {
  const payer = addressFromPublicKey(s.publicKey);
  return signTransaction(s, CHAIN, {
    nonce,
    fee: { amount: 1n, gas: 100n },
    method: 'system.Transfer',
    body: { to: new Uint8Array(21), amount: new Uint8Array([1]) },
    accounts: [{ address: payer, writable: true }],
    ...over,
  });
}

function tampered(b: Uint8Array): Uint8Array {
  const t = b.slice();
  t[30]! ^= 1; // inside the signature
  return t;
}

/** Decode every index of a block and count the signature verifications it took. */
function run(txs: Uint8Array[], domain: 'ued' | 'ved', verified?: VerifiedTxs) {
  const v0 = signatureStats.verifies;
  const decode = blockDecoder(txs, { domain, view, chainContext: CHAIN, maxTxBytes: MAX, verified });
  const out = txs.map((_, i) => decode(i));
  return { out, verifies: signatureStats.verifies - v0 };
}

test('block decoder: each transaction decodes as on its own; bad ones are null; a repeat is verified once', () => {
  const good = signed(ued, 1n);
  const second = signed(ued, 2n);
  const big = signed(ued, 3n, { body: { pad: new Uint8Array(MAX) } });
  const noPayer = signed(ued, 4n, { accounts: [{ address: vedPayer, writable: true }] });
  const txs = [good, tampered(second), new Uint8Array([1, 2, 3]), big, good, noPayer, 7 as never, second];
  const { out, verifies } = run(txs, 'ued');
  assert.equal(verifies, 4, 'good, tampered, noPayer, second: once each');
  assert.deepEqual(out[0], decodeSignedTx(good, CHAIN, MAX));
  assert.deepEqual(
    out.map((d) => d !== null),
    [true, false, false, false, true, false, false, true],
  );
  assert.equal(out[4], out[0], 'a repeat reuses the first decoding');
  assert.deepEqual(out[0]!.feePayer, uedPayer);
  assert.throws(() => decodeSignedTx(big, CHAIN, MAX), code(ConsensusError.TX_TOO_LARGE));
  assert.throws(() => decodeSignedTx(noPayer, CHAIN, MAX), code(ConsensusError.FEE_PAYER_NOT_FIRST));
  assert.deepEqual(out[7]!.hash, txHash(second));
});

test('block decoder: the VED skips a transaction whose fee payer it does not hold, unverified', () => {
  const u = signed(ued, 1n);
  const v = signed(ved, 1n);
  const { out, verifies } = run([u, tampered(u), v], 'ved');
  assert.equal(verifies, 1);
  assert.deepEqual(
    out.map((d) => d?.feePayer),
    [undefined, undefined, vedPayer],
  );
  const inUed = run([u, v], 'ued');
  assert.equal(inUed.verifies, 2, 'the UED decodes what it is given (classification skips later)');
  assert.deepEqual(inUed.out[1]?.feePayer, vedPayer);
});

test('block decoder: held transactions are not verified again; decoded ones are added', () => {
  const a = signed(ued, 1n);
  const b = signed(ued, 2n);
  const verified = new VerifiedTxs();
  verified.addHash(txHash(a));
  const first = run([a, b], 'ued', verified);
  assert.equal(first.verifies, 1);
  assert.equal(verified.hasHash(txHash(b)), true);
  const again = run([a, b, tampered(b)], 'ued', verified);
  assert.equal(again.verifies, 1, 'only the tampered copy');
  assert.equal(again.out[2], null);
  assert.equal(verified.hasHash(txHash(tampered(b))), false);
});

test('block decoder: the verified set is looked up once per transaction, with the same outcome', () => {
  const a = signed(ued, 1n);
  const b = signed(ued, 2n);
  const verified = new VerifiedTxs();
  verified.addHash(txHash(a));
  let lookups = 0;
  const hasHash = verified.hasHash.bind(verified);
  verified.hasHash = (h) => {
    lookups++;
    return hasHash(h);
  };
  const { out, verifies } = run([a, b, tampered(b)], 'ued', verified);
  assert.equal(lookups, 3);
  assert.equal(verifies, 2, 'b and its tampered copy');
  assert.deepEqual(
    out.map((d) => d?.tx.nonce ?? null),
    [1n, 2n, null],
  );
  assert.deepEqual(out[0]!.feePayer, uedPayer);
  assert.deepEqual(out[1]!.feePayer, uedPayer);
  // The decode takes what the caller found: held bytes skip the signature and structure checks.
  const held = decodeSignedTx(tampered(b), CHAIN, MAX, { knownHash: txHash(tampered(b)), held: true });
  assert.equal(held.tx.nonce, 2n);
  assert.throws(
    () => decodeSignedTx(tampered(b), CHAIN, MAX, { knownHash: txHash(tampered(b)), held: false }),
    code(ConsensusError.INVALID_SIGNATURE),
  );
});

test('checkTxSignature is the signature step of decoding; signatureValid takes its result', () => {
  const b = signed(ued, 9n);
  assert.equal(checkTxSignature(b, CHAIN, MAX), true);
  assert.equal(checkTxSignature(b, 'd'.repeat(64), MAX), false, 'another chain');
  assert.equal(checkTxSignature(tampered(b), CHAIN, MAX), false);
  assert.equal(checkTxSignature(b, CHAIN, b.length - 1), false, 'oversized');
  assert.equal(checkTxSignature(new Uint8Array([0xa0]), CHAIN, MAX), false);
  assert.equal(checkTxSignature('x' as never, CHAIN, MAX), false);
  const v0 = signatureStats.verifies;
  assert.throws(
    () => decodeSignedTx(b, CHAIN, MAX, { signatureValid: false }),
    code(ConsensusError.INVALID_SIGNATURE),
  );
  assert.deepEqual(decodeSignedTx(b, CHAIN, MAX, { signatureValid: true }), decodeSignedTx(b, CHAIN, MAX));
  assert.equal(signatureStats.verifies - v0, 1, 'only the decode without the option verified');
  // Checks before and after the signature step still apply.
  const cut = b.subarray(0, b.length - 1);
  assert.throws(
    () => decodeSignedTx(cut, CHAIN, MAX, { signatureValid: true }),
    code(ConsensusError.MALFORMED_TX),
  );
  assert.throws(
    () => decodeSignedTx(b, CHAIN, 10, { signatureValid: true }),
    code(ConsensusError.TX_TOO_LARGE),
  );
});
