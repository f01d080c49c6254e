// The UED outcome's usual shape read directly on the main thread: the same outcome the strict
// codec gives, and never anything the codec would refuse (malformed, hostile or oversized bytes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { array, bytes32, bytesEqual, encodeWith, struct, TandemError, u64 } from '../../src/common/index.js';
import { accountMoveCodec, receiptCodec, type TxReceipt } from '../../src/consensus/index.js';
import { decodeOutcome, encodeOutcome, type UedOutcome } from '../../src/domains/index.js';
import { readUsualOutcome, writeUsualOutcome } from '../../src/domains/ued-outcome-usual.js';

const MAX = 256 * 1024 * 1024;

function receipt(i: number): TxReceipt {
  const ok = i % 3 !== 0;
  return {
    txHash: new Uint8Array(32).fill(i & 0xff),
    receipt: {
      status: ok ? 0 : 1,
      module: ok ? '' : 'consensus',
      code: ok ? 0 : 4_000_000_000,
      gas_used: i % 5 === 0 ? 2n ** 63n + BigInt(i) : BigInt(i * 100),
      events: ok
        ? [
            {
              module: 'system',
              kind: 'Transfer',
              value: {
                from: new Uint8Array(21),
                to: new Uint8Array(21).fill(i),
                amount: new Uint8Array([i + 1]),
              },
            },
            { module: 'x', kind: 'y', value: [null, true, 'é', -3, 2n ** 64n - 1n] },
          ]
        : [],
    },
  } as TxReceipt;
}

const outcome = (n: number): UedOutcome => ({
  height: 77n,
  domainHash: new Uint8Array(32).fill(1),
  stateRoot: new Uint8Array(32).fill(2),
  remapsOut: [],
  receipts: Array.from({ length: n }, (_, i) => receipt(i)),
});

test('UED outcome: the usual shape is read directly, equal to the strict codec', () => {
  for (const n of [0, 1, 40]) {
    const b = encodeOutcome(outcome(n));
    const fast = readUsualOutcome(b, MAX, 100_000);
    assert.ok(fast !== undefined, `${n} receipts`);
    assert.deepEqual(fast, outcome(n));
    assert.deepEqual(decodeOutcome(b), outcome(n));
  }
});

test('UED outcome: other shapes (records for the VED, more receipts than allowed) go to the codec', () => {
  const withVed = { ...outcome(2), forVed: { k: new Uint8Array([1]) } };
  const b = encodeOutcome(withVed);
  assert.equal(readUsualOutcome(b, MAX, 100_000), undefined);
  assert.deepEqual(decodeOutcome(b), withVed);
  assert.equal(readUsualOutcome(encodeOutcome(outcome(3)), MAX, 2), undefined);
  assert.equal(readUsualOutcome(encodeOutcome(outcome(3)), 10, 100_000), undefined);
});

test('UED outcome: mutated bytes are read directly only when the codec accepts them as they are', () => {
  const good = encodeOutcome(outcome(6));
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  let read = 0;
  for (let i = 0; i < 3000; i++) {
    const m = good.slice(0, i % 50 === 0 ? next() % good.length : good.length);
    for (let k = 1 + (next() % 2); k > 0; k--) m[next() % m.length] = next() % 256;
    const fast = readUsualOutcome(m, MAX, 100_000);
    if (fast === undefined) continue;
    read++;
    // The codec's canonical encoding of what was read is the input itself: the codec accepts it.
    assert.ok(bytesEqual(encodeOutcome(fast), m), `mutant ${i}`);
    assert.deepEqual(decodeOutcome(m), fast);
  }
  assert.ok(read > 50, `enough mutants read (${read})`);
  assert.throws(
    () => decodeOutcome(good.subarray(0, 40)),
    (e: unknown) => e instanceof TandemError,
  );
});

// The outcome codec's shape (ued-wire.ts) without the optional records for the VED.
const codec = struct({
  height: u64,
  domainHash: bytes32,
  stateRoot: bytes32,
  remapsOut: array(accountMoveCodec),
  receipts: array(struct({ txHash: bytes32, receipt: receiptCodec })),
});

test('UED outcome: the usual shape is written as the codec writes it; out-of-bounds fields go to the codec', () => {
  for (const n of [0, 1, 40]) {
    const o = outcome(n);
    const extra = { ...o, receipts: o.receipts.map((r) => ({ ...r, note: 'dropped' })) };
    assert.ok(bytesEqual(writeUsualOutcome(extra, 100_000)!, encodeWith(codec, o as never)));
  }
  const bad = outcome(2);
  const wrong = [
    { ...bad, receipts: [{ ...bad.receipts[0]!, receipt: { ...bad.receipts[0]!.receipt, status: 256 } }] },
    {
      ...bad,
      receipts: [{ ...bad.receipts[0]!, receipt: { ...bad.receipts[0]!.receipt, module: 'm'.repeat(65) } }],
    },
    { ...bad, receipts: [{ ...bad.receipts[0]!, txHash: new Uint8Array(31) }] },
    { ...bad, height: -1n },
    { ...bad, forVed: {} },
  ];
  for (const w of wrong) assert.equal(writeUsualOutcome(w as UedOutcome, 100_000), undefined);
  assert.throws(
    () => encodeOutcome(wrong[0] as UedOutcome),
    (e: unknown) => e instanceof TandemError,
  );
  assert.equal(writeUsualOutcome(bad, 1), undefined);
});
