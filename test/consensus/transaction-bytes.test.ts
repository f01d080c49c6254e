// The direct transaction reader accepts exactly what the generic strict decoder accepts, with the
// same result, and hands everything else to it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCanonical, decodeWith, encodeCanonical, encodeWith } from '../../src/common/index.js';
import {
  MAX_TX_DEPTH,
  MAX_TX_ITEMS,
  readTransactionFast,
  readTransactionParts,
  type Transaction,
  transactionCodec,
} from '../../src/consensus/index.js';
import { Rng } from '../helpers/rng.js';

const limits = { maxSize: 1 << 20, maxDepth: MAX_TX_DEPTH, maxItems: MAX_TX_ITEMS };

function generic(b: Uint8Array): Transaction | null {
  try {
    return decodeWith(transactionCodec, b, limits);
  } catch {
    return null;
  }
}

/** Compares both readers; returns whether the direct one answered. */
function same(b: Uint8Array): boolean {
  const g = generic(b);
  const f = readTransactionFast(b);
  if (f === undefined) return false;
  assert.notEqual(
    g,
    null,
    `direct reader accepted what the codec refuses: ${Buffer.from(b).toString('hex')}`,
  );
  assert.deepEqual(f, g);
  // The body bytes handed to the executor are the body's canonical encoding.
  const parts = readTransactionParts(b)!;
  assert.deepEqual(parts.tx, f);
  assert.deepEqual(new Uint8Array(parts.body), encodeCanonical(g!.body));
  return true;
}

const EDGES = [0n, 1n, 23n, 24n, 255n, 256n, 65535n, 65536n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 64n - 1n];

function u64(r: Rng): bigint {
  return r.int(3) === 0 ? r.pick(EDGES) : BigInt(r.u32()) * BigInt(r.int(1 << 20));
}

function value(r: Rng, depth: number): unknown {
  const k = depth <= 0 ? r.int(5) : r.int(8);
  if (k === 0) return r.int(2) === 0 ? r.int(100) : 2n ** 60n + BigInt(r.u32());
  if (k === 1) return r.bytes(r.pick([0, 1, 21, 24, 40]));
  if (k === 2) return r.pick(['', 'a', 'déjà', 'x'.repeat(30)]);
  if (k === 3) return r.pick([null, true, false, -5]);
  if (k === 4) return r.int(1000) - 500;
  if (k === 5) return Array.from({ length: r.int(4) }, () => value(r, depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = r.int(4); i > 0; i--) o[r.pick(['to', 'amount', 'a', 'zz', 'nested'])] = value(r, depth - 1);
  return o;
}

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function randomTx(r: Rng): Transaction {
  return {
    nonce: u64(r),
    fee: { amount: r.pick([0n, 1n, 10n ** 18n, 2n ** 256n - 1n]), gas: u64(r) },
    method: r.pick(['system.Transfer', 'vote.SetFund', 'a.B', `${'x'.repeat(30)}.Y`, 'é.X']),
    body: r.int(6) === 0 ? nested(r.int(MAX_TX_DEPTH + 2)) : value(r, 3),
    accounts: Array.from({ length: r.int(17) }, () => ({ address: r.bytes(21), writable: r.int(2) === 0 })),
  };
}

test('transaction reader: equivalent to the strict decoder on valid and mutated transactions', () => {
  const r = new Rng(7);
  let direct = 0;
  for (let i = 0; i < 400; i++) {
    const b = encodeWith(transactionCodec, randomTx(r));
    if (same(b)) direct++;
    const m = new Uint8Array(b);
    m[r.int(m.length)] = r.u32() & 0xff;
    same(m);
    same(b.subarray(0, r.int(b.length)));
    same(new Uint8Array([...b, r.u32() & 0xff]));
  }
  assert.ok(direct > 250, `the direct reader handled ${direct} of 400 canonical transactions`);
});

test('transaction reader: limits, unknown fields and non-canonical forms go to the strict decoder', () => {
  const base: Transaction = {
    nonce: 1n,
    fee: { amount: 5n, gas: 100n },
    method: 'system.Transfer',
    body: { to: new Uint8Array(21), amount: new Uint8Array([1]) },
    accounts: [{ address: new Uint8Array(21).fill(1), writable: true }],
  };
  assert.ok(same(encodeWith(transactionCodec, base)));
  // Depth: the deepest body the whole transaction allows is read; one more level is refused.
  assert.ok(same(encodeWith(transactionCodec, { ...base, body: nested(MAX_TX_DEPTH - 2) })));
  assert.equal(same(encodeWith(transactionCodec, { ...base, body: nested(MAX_TX_DEPTH) })), false);
  // Items: a body filling the item budget exactly is read; one more item is refused.
  const fill = MAX_TX_ITEMS - 14 - 5 - 1;
  assert.ok(same(encodeWith(transactionCodec, { ...base, body: Array.from({ length: fill }, () => 0) })));
  assert.equal(
    same(encodeCanonical({ ...txPlain(base), body: Array.from({ length: fill + 1 }, () => 0) })),
    false,
  );
  assert.equal(same(encodeCanonical({ ...txPlain(base), extra: 1 })), false, 'unknown field');
  const nonMinimal = encodeWith(transactionCodec, base);
  const i = nonMinimal.indexOf(0x05); // gas 100 is 0x18 0x64; amount quantity 0x41 0x05
  assert.ok(i > 0);
  assert.equal(
    same(
      Uint8Array.from([...nonMinimal.subarray(0, i - 1), 0x42, 0x00, 0x05, ...nonMinimal.subarray(i + 1)]),
    ),
    false,
    'leading zero amount',
  );
});

function txPlain(t: Transaction): Record<string, unknown> {
  return {
    nonce: t.nonce,
    fee: { amount: new Uint8Array([5]), gas: t.fee.gas },
    method: t.method,
    body: t.body,
    accounts: t.accounts,
  };
}

/**
 * Reads any body that is canonical CBOR (as a method's direct reader reads its own): the value,
 * or undefined when it does not vouch for the body.
 */
function canonicalBody(_method: string, body: Uint8Array): unknown {
  try {
    return decodeCanonical(body);
  } catch {
    return undefined;
  }
}

function fieldsOf(t: Transaction): Transaction {
  return { nonce: t.nonce, fee: t.fee, method: t.method, body: t.body, accounts: t.accounts };
}

test('transaction reader: a vouched-for body decodes only when read, to the same value', () => {
  const r = new Rng(11);
  let lazy = 0;
  for (let i = 0; i < 300; i++) {
    const b = encodeWith(transactionCodec, randomTx(r));
    const m = new Uint8Array(b);
    m[r.int(m.length)] = r.u32() & 0xff;
    for (const x of [b, m]) {
      const g = generic(x);
      const parts = readTransactionParts(x, canonicalBody);
      if (parts === undefined) continue;
      assert.notEqual(g, null, `accepted what the codec refuses: ${Buffer.from(x).toString('hex')}`);
      if (!Object.hasOwn(parts.tx, 'body')) {
        lazy++;
        assert.deepEqual(parts.read, g!.body, "the reader's value is kept");
      }
      assert.deepEqual(fieldsOf(parts.tx), g);
      assert.deepEqual(fieldsOf(parts.tx), fieldsOf(readTransactionParts(x)!.tx));
    }
  }
  assert.ok(lazy > 150, `${lazy} bodies were left undecoded`);
});

test('transaction reader: a body is vouched for only within the bounds, and only when asked', () => {
  const base = (body: unknown): Uint8Array =>
    encodeWith(transactionCodec, {
      nonce: 1n,
      fee: { amount: 5n, gas: 100n },
      method: 'system.Transfer',
      body,
      accounts: [{ address: new Uint8Array(21).fill(1), writable: true }],
    });
  const asked: [string, number][] = [];
  const read = { the: "reader's value" };
  const yes = (method: string, body: Uint8Array) => {
    asked.push([method, body.length]);
    return read;
  };
  // Too deep for the transaction: refused before anyone is asked, whatever they would say.
  assert.equal(readTransactionParts(base(nested(MAX_TX_DEPTH)), yes), undefined);
  assert.deepEqual(asked, []);
  const body = { to: new Uint8Array(21), amount: new Uint8Array([1]) };
  const t = readTransactionParts(base(body), yes)!;
  assert.deepEqual(asked, [['system.Transfer', encodeCanonical(body).length]]);
  assert.equal(Object.hasOwn(t.tx, 'body'), false);
  assert.deepEqual(t.tx.body, body);
  assert.equal(t.tx.body, t.tx.body, 'decoded once, then kept');
  assert.equal(t.read, read, 'what the reader read is handed on');
  // Not vouched for: decoded at once, as without a reader.
  const plain = readTransactionParts(base(body), () => undefined)!;
  assert.equal(Object.hasOwn(plain.tx, 'body'), true);
  assert.equal(plain.read, undefined);
  assert.deepEqual(plain.tx.body, body);
});
