// UED reports, agreeing stake and the divergence rule (APE-15, APE-18, APE-19).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash, utf8 } from '../../src/common/index.js';
import { DomainsError, ReportBook } from '../../src/domains/index.js';

const h = (s: string) => hash(utf8(s));
const stakes = new Map<string, bigint>([
  ['a', 30n],
  ['b', 30n],
  ['c', 30n],
  ['d', 10n],
]);

test('APE-19 agreeing stake counts validators whose report matches at that height or later', () => {
  const book = new ReportBook(stakes);
  book.recordLocal(1, h('1'));
  book.recordLocal(2, h('2'));
  book.recordReport({ validator: 'a', height: 1, hash: h('1') });
  book.recordReport({ validator: 'b', height: 2, hash: h('2') });
  book.recordReport({ validator: 'd', height: 2, hash: h('x') });
  assert.equal(book.agreeingStake(1), 30n + 30n, 'b at height 2 covers height 1 (chained hashes)');
  assert.equal(book.agreeingStake(2), 30n, 'a reported only height 1');
  // Reports only move forward: an older report does not replace a newer one.
  book.recordReport({ validator: 'b', height: 1, hash: h('zzz') });
  assert.equal(book.agreeingStake(2), 30n);
});

test('APE-18 under one third of the stake disagreeing does not halt; one third does', () => {
  const book = new ReportBook(stakes);
  book.recordLocal(5, h('5'));
  book.recordReport({ validator: 'a', height: 5, hash: h('bad') });
  assert.equal(book.checkDivergence(), undefined, '30 of 100 < 1/3');
  book.recordReport({ validator: 'd', height: 5, hash: h('bad2') });
  const ev = book.checkDivergence();
  assert.ok(ev, '40 of 100 >= 1/3');
  assert.equal(ev.height, 5);
  assert.equal(ev.disagreeingStake, 40n);
  assert.equal(ev.totalStake, 100n);
  assert.equal(ev.reports.length, 2);
});

test('APE-18 reports ahead of local execution are judged once this node gets there', () => {
  const book = new ReportBook(stakes);
  book.recordReport({ validator: 'a', height: 3, hash: h('other') });
  book.recordReport({ validator: 'b', height: 3, hash: h('other') });
  assert.equal(book.checkDivergence(), undefined, 'cannot judge height 3 yet');
  book.recordLocal(3, h('mine'));
  assert.equal(book.checkDivergence()?.disagreeingStake, 60n);
});

test('APE-15 malformed reports and unknown validators are refused and change nothing', () => {
  const book = new ReportBook(stakes);
  book.recordLocal(1, h('1'));
  assert.throws(
    () => book.recordReport({ validator: 'zz', height: 1, hash: h('1') }),
    (e: unknown) => e instanceof DomainsError && e.code === DomainsError.UNKNOWN_VALIDATOR,
  );
  assert.throws(() => book.recordReport({ validator: 'a', height: 0, hash: h('1') }), DomainsError);
  assert.throws(
    () => book.recordReport({ validator: 'a', height: 1, hash: new Uint8Array(31) }),
    DomainsError,
  );
  assert.equal(book.agreeingStake(1), 0n);
  assert.throws(() => book.recordLocal(1, h('again')), DomainsError);
});

test('history is bounded: old local hashes are forgotten', () => {
  const book = new ReportBook(stakes, 10);
  for (let i = 1; i <= 50; i++) book.recordLocal(i, h(String(i)));
  assert.equal(book.localHash(1), undefined);
  assert.ok(book.localHash(50));
  assert.equal(book.localHeight(), 50);
});
