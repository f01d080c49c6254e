// Storage receipts (RT-22, Tandem's addition): a round finalizes only with min_write_replication
// valid receipts from distinct storage members for exactly the finalized roots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeCanonical, type Signed, type Signer } from '../../../src/common/index.js';
import {
  type ReceiptRequirement,
  RoothashError,
  schedulerIndex,
  signStorageReceipt,
  storageReceiptContext,
  verifyReceiptBundle,
} from '../../../src/services/roothash/index.js';
import { CHAIN, commit, committeeOf, GENESIS, key, poolOf, RUNTIME, root, throwsCode } from './fixture.js';

const W = [key('w0'), key('w1')];
const C = committeeOf(W, [key('b0')]);
const P = W[schedulerIndex(C, 1n, 0n)]!;
const S = W[schedulerIndex(C, 1n, 1n)]!;
const STORE = [key('s0'), key('s1'), key('s2')];
const storage = { committee: STORE.map((s) => s.publicKey), minWriteReplication: 2 };

function receipt(by: Signer, label = 'good', round = 1n, runtime = RUNTIME): Signed {
  return signStorageReceipt(by, CHAIN, {
    runtime_id: runtime,
    round,
    roots: [root(`io/${label}`), root(label)],
  });
}

function agreedPool() {
  const p = poolOf(C, { storage });
  p.addCommitment(commit(P, P, GENESIS));
  p.addCommitment(commit(S, P, GENESIS));
  return p;
}

test('RT-22 enough valid receipts from distinct storage members → finalized', () => {
  const p = agreedPool();
  p.addStorageReceipt(receipt(STORE[0]!));
  assert.equal(p.process(false).kind, 'still_waiting');
  p.addStorageReceipt(receipt(STORE[2]!));
  assert.equal(p.process(false).kind, 'finalized');
});

test('RT-22 missing receipts: waits, then the round fails on timeout (INSUFFICIENT_STORAGE_RECEIPTS)', () => {
  const p = agreedPool();
  p.addStorageReceipt(receipt(STORE[0]!));
  assert.equal(p.process(false).kind, 'still_waiting');
  const out = p.process(true);
  assert.ok(out.kind === 'failed' && out.error.code === RoothashError.INSUFFICIENT_STORAGE_RECEIPTS);
});

test('RT-22 receipts for other roots do not count; wrong round is rejected', () => {
  const p = agreedPool();
  p.addStorageReceipt(receipt(STORE[0]!, 'evil'));
  p.addStorageReceipt(receipt(STORE[1]!, 'evil'));
  assert.equal(p.receiptCount(root('io/evil'), root('evil')), 2);
  assert.equal(p.process(false).kind, 'still_waiting');
  throwsCode(() => p.addStorageReceipt(receipt(STORE[2]!, 'good', 2n)), RoothashError.RECEIPT_WRONG_TARGET);
  assert.equal(p.receiptCount(root('io/good'), root('good')), 0);
});

test('RT-22 forged, duplicate and non-member receipts are rejected with codes and not counted', () => {
  const p = agreedPool();
  const r = receipt(STORE[0]!);
  const sig = Uint8Array.from(r.signature.signature);
  sig[0]! ^= 1;
  throwsCode(
    () => p.addStorageReceipt({ ...r, signature: { ...r.signature, signature: sig } }),
    RoothashError.RECEIPT_INVALID_SIGNATURE,
  );
  const stolen = { ...r, signature: { ...r.signature, public_key: STORE[1]!.publicKey } };
  throwsCode(() => p.addStorageReceipt(stolen), RoothashError.RECEIPT_INVALID_SIGNATURE);
  const other = receipt(STORE[1]!, 'good', 1n, new Uint8Array(32));
  throwsCode(() => p.addStorageReceipt(other), RoothashError.RECEIPT_INVALID_SIGNATURE);
  throwsCode(() => p.addStorageReceipt(receipt(key('outsider'))), RoothashError.RECEIPT_NOT_STORAGE_MEMBER);
  p.addStorageReceipt(r);
  throwsCode(() => p.addStorageReceipt(receipt(STORE[0]!)), RoothashError.RECEIPT_DUPLICATE_SIGNER);
  assert.equal(p.receiptCount(root('io/good'), root('good')), 1);
  assert.equal(p.process(false).kind, 'still_waiting');
});

test('RT-22 a validly signed but malformed receipt body is MALFORMED', () => {
  const raw = encodeCanonical({
    runtime_id: RUNTIME,
    round: 1,
    roots: [root('io/good'), root('good')],
    extra: 1,
  });
  const s = STORE[0]!;
  const env: Signed = {
    untrusted_raw_value: raw,
    signature: { public_key: s.publicKey, signature: s.sign(storageReceiptContext(RUNTIME, CHAIN), raw) },
  };
  throwsCode(() => poolOf(C, { storage }).addStorageReceipt(env), RoothashError.MALFORMED);
});

test('RT-22 receipts count for the roots that win a discrepancy', () => {
  const p = poolOf(C, { storage });
  p.addCommitment(commit(P, P, GENESIS));
  p.addCommitment(commit(S, P, GENESIS, { label: 'evil' }));
  p.addCommitment(commit(key('b0'), P, GENESIS));
  p.addStorageReceipt(receipt(STORE[0]!));
  p.addStorageReceipt(receipt(STORE[1]!));
  const r = p.tryFinalize(false);
  assert.ok(r.discrepancy);
  assert.equal(r.outcome.kind, 'finalized');
});

test('RT-22 receipt bundles: valid, insufficient, wrong roots/round, duplicate, non-member, forged', () => {
  const req: ReceiptRequirement = {
    runtimeId: RUNTIME,
    chainContext: CHAIN,
    round: 1n,
    ioRoot: root('io/good'),
    stateRoot: root('good'),
    storageCommittee: storage.committee,
    minWriteReplication: 2,
  };
  assert.equal(verifyReceiptBundle([receipt(STORE[0]!), receipt(STORE[1]!)], req).length, 2);
  throwsCode(() => verifyReceiptBundle([receipt(STORE[0]!)], req), RoothashError.RECEIPTS_INSUFFICIENT);
  throwsCode(
    () => verifyReceiptBundle([receipt(STORE[0]!, 'evil')], req),
    RoothashError.RECEIPT_WRONG_TARGET,
  );
  throwsCode(
    () => verifyReceiptBundle([receipt(STORE[0]!, 'good', 3n)], req),
    RoothashError.RECEIPT_WRONG_TARGET,
  );
  throwsCode(
    () => verifyReceiptBundle([receipt(STORE[0]!), receipt(STORE[0]!)], req),
    RoothashError.RECEIPT_DUPLICATE_SIGNER,
  );
  throwsCode(() => verifyReceiptBundle([receipt(key('x'))], req), RoothashError.RECEIPT_NOT_STORAGE_MEMBER);
  const r = receipt(STORE[0]!);
  const forged = { ...r, untrusted_raw_value: receipt(STORE[0]!, 'evil').untrusted_raw_value };
  throwsCode(() => verifyReceiptBundle([forged], req), RoothashError.RECEIPT_INVALID_SIGNATURE);
});

test('a runtime without min_write_replication finalizes with no receipts (executors store state)', () => {
  const p = poolOf(C);
  p.addCommitment(commit(P, P, GENESIS));
  p.addCommitment(commit(S, P, GENESIS));
  assert.equal(p.process(false).kind, 'finalized');
  throwsCode(() => p.addStorageReceipt(receipt(STORE[0]!)), RoothashError.RECEIPT_NOT_STORAGE_MEMBER);
});
