// Account records, mappings, the ledger and the VED account set (APE-9, APE-11).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWith, encodeCanonical, encodeWith, MAX_QUANTITY } from '../../src/common/index.js';
import {
  accountKey,
  accountMoveCodec,
  applyRemapBoundary,
  BlockOverlay,
  ConsensusError,
  DomainLedger,
  decodeAccount,
  encodeAccount,
  isMapping,
  isProgramMapping,
  type KvState,
  Mapping,
  mappingDomains,
  parseMapping,
  putAccount,
  VedAccountSet,
} from '../../src/consensus/index.js';
import { Tree } from '../../src/mkvs/index.js';

const A = new Uint8Array(21).fill(7);
const B = new Uint8Array(21).fill(8);
const is = (c: number) => (e: unknown) => ConsensusError.is(e, 'consensus', c);

test('APE-9: exactly four mappings; programs RX only, accounts RW in one domain (APE-10, APE-11)', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(isMapping), [false, true, true, true, true, false]);
  assert.equal(isProgramMapping(Mapping.RX_UED), true);
  assert.equal(isProgramMapping(Mapping.RX_UED_VED), true);
  assert.equal(isProgramMapping(Mapping.RW_VED), false);
  assert.deepEqual(mappingDomains(Mapping.RW_VED), ['ved']);
  assert.deepEqual(mappingDomains(Mapping.RX_UED_VED), ['ved', 'ued']);
  assert.equal(parseMapping('rw-ued'), Mapping.RW_UED);
  assert.equal(parseMapping('RW-UED-VED'), undefined);
});

test('account records decode strictly; a corrupt record is a coded state error', () => {
  const rec = { balance: 5n, nonce: 2n, mapping: Mapping.RW_UED, owner: 'system' } as const;
  assert.deepEqual(decodeAccount(encodeAccount(rec)), rec);
  const bad = [
    encodeCanonical({ balance: new Uint8Array([5]), nonce: 2, mapping: 9, owner: 'system' }),
    encodeCanonical({ balance: new Uint8Array([0, 5]), nonce: 2, mapping: 4, owner: 'system' }),
    encodeCanonical({ balance: new Uint8Array([5]), nonce: 2, mapping: 4, owner: 'system', x: 1 }),
    new Uint8Array(300),
  ];
  for (const b of bad) assert.throws(() => decodeAccount(b), is(ConsensusError.CORRUPT_STATE));
});

test('ledger: credit creates a system account; debit never goes negative; overflow refused', async () => {
  const s = new BlockOverlay(new Tree());
  const l = new DomainLedger(s, 'ued');
  await l.credit(A, 10n);
  assert.equal(await l.balance(A), 10n);
  await assert.rejects(l.debit(A, 11n), is(ConsensusError.INSUFFICIENT_BALANCE));
  await assert.rejects(l.debit(B, 1n), is(ConsensusError.INSUFFICIENT_BALANCE));
  await assert.rejects(l.credit(A, -1n), is(ConsensusError.INVALID_AMOUNT));
  await assert.rejects(l.credit(A, MAX_QUANTITY), is(ConsensusError.AMOUNT_OVERFLOW));
  assert.equal(await l.balance(A), 10n);
  putAccount(s, B, { balance: 1n, nonce: 0n, mapping: Mapping.RW_VED, owner: 'system' });
  await assert.rejects(l.credit(B, 1n), is(ConsensusError.ACCOUNT_NOT_WRITABLE));
  putAccount(s, B, { balance: 1n, nonce: 0n, mapping: Mapping.RW_UED, owner: 'system', moving_at: 3n });
  await assert.rejects(l.debit(B, 1n), is(ConsensusError.ACCOUNT_FROZEN));
});

test('ledger: the promise-free steps change what credit and debit change, or nothing and say so', async () => {
  const s = new BlockOverlay(new Tree());
  const l = new DomainLedger(s, 'ued');
  assert.equal(l.creditNow(A, 10n), true);
  assert.equal(l.debitNow(A, 4n), true);
  assert.equal(await l.balance(A), 6n);
  assert.throws(() => l.debitNow(A, 7n), is(ConsensusError.INSUFFICIENT_BALANCE));
  assert.throws(() => l.creditNow(A, -1n), is(ConsensusError.INVALID_AMOUNT));
  assert.equal(await l.balance(A), 6n);
  const guarded = new DomainLedger(s, 'ued', () => {
    throw new ConsensusError(ConsensusError.ACCOUNT_NOT_WRITABLE, 'no');
  });
  assert.throws(() => guarded.creditNow(A, 1n), is(ConsensusError.ACCOUNT_NOT_WRITABLE));
  // A state that can only be awaited: nothing is done and the caller is told to await.
  const awaited: KvState = {
    get: (k) => s.get(k),
    set: (k, v) => s.set(k, v),
    delete: (k) => s.delete(k),
    entries: (p) => s.entries(p),
  };
  const slow = new DomainLedger(awaited, 'ued');
  assert.equal(slow.creditNow(A, 1n), false);
  assert.equal(slow.debitNow(A, 1n), false);
  assert.equal(await l.balance(A), 6n);
  await slow.credit(A, 1n);
  await slow.debit(A, 3n);
  assert.equal(await l.balance(A), 4n);
});

test('account keys: equal addresses give equal keys; an array changed in place gets its new key', () => {
  const a = new Uint8Array(21).fill(7);
  const k1 = accountKey(a);
  assert.deepEqual(accountKey(new Uint8Array(a)), k1);
  a[20] = 9;
  const k2 = accountKey(a);
  assert.equal(k2.length, 22);
  assert.deepEqual(k2.subarray(1), a);
  assert.equal(k1[21], 7, 'a key handed out earlier never changes');
  assert.deepEqual(accountKey(B).subarray(1), B);
  assert.throws(() => accountKey(new Uint8Array(20)), is(ConsensusError.INVALID_KEY));
});

test('VED account set: canonical encoding, strict decoding, stable hash, next epoch', () => {
  const s = new VedAccountSet(4n, [B, A]);
  assert.deepEqual(s.addresses(), [A, B]);
  const d = VedAccountSet.decode(s.encode());
  assert.deepEqual(d.hash(), s.hash());
  assert.equal(d.has(A), true);
  const n = s.next(5n, [
    { address: A, to: 'ued' },
    { address: new Uint8Array(21), to: 'ved' },
  ]);
  assert.equal(n.has(A), false);
  assert.equal(n.size, 2);
  assert.notDeepEqual(n.hash(), s.hash());
  const unsorted = encodeCanonical({ epoch: 1, addresses: [B, A] });
  assert.throws(() => VedAccountSet.decode(unsorted), is(ConsensusError.INVALID_MAPPING));
});

test('VED account set membership: addresses sharing a tag, duplicates, a caller mutating its input', () => {
  // Bytes 1..4 make the tag: these three collide and differ only further on.
  const x = new Uint8Array(21).fill(7);
  const y = x.slice();
  y[20] = 8;
  const z = x.slice();
  z[10] = 9;
  const s = new VedAccountSet(1n, [x, y, x]);
  assert.equal(s.size, 2);
  assert.equal(s.has(x), true);
  assert.equal(s.has(y), true);
  assert.equal(s.has(z), false, 'same tag, not a member');
  assert.equal(s.has(new Uint8Array(21)), false);
  assert.equal(s.has(x.subarray(0, 20)), false, 'a prefix is not a member');
  x[20] = 1; // the set keeps its own copies
  assert.equal(s.has(Uint8Array.from(y)), true);
  assert.equal(s.has(new Uint8Array(21).fill(7)), true);
  const t = new VedAccountSet(1n, [z]);
  assert.equal(t.has(z), true);
  assert.equal(t.has(y), false);
});

test('account moves round-trip through their strict codec; an incoming move must be RW in the target', async () => {
  const move = {
    address: A,
    to: 'ved' as const,
    record: { balance: 9n, nonce: 1n, mapping: Mapping.RW_VED, owner: 'system' },
  };
  assert.deepEqual(decodeWith(accountMoveCodec, encodeWith(accountMoveCodec, move)), move);
  assert.throws(() =>
    decodeWith(accountMoveCodec, encodeCanonical({ ...move, to: 'xyz', record: encodeCanonical(1) })),
  );
  const s = new BlockOverlay(new Tree());
  const bad = { ...move, record: { ...move.record, mapping: Mapping.RW_UED } };
  await assert.rejects(applyRemapBoundary(s, 'ved', 3n, [bad]), is(ConsensusError.INVALID_BLOCK));
  const r = await applyRemapBoundary(s, 'ved', 3n, [move, { ...move, address: B, to: 'ued' }]);
  assert.deepEqual(r.entered, [{ address: A, to: 'ved' }]);
  assert.equal(s.pendingCount, 1);
});
