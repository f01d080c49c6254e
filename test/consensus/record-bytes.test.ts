// The direct account-record reader and writer agree exactly with the generic schema codec.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual, decodeWith, encodeWith, MAX_QUANTITY } from '../../src/common/index.js';
import {
  type AccountRecord,
  accountRecordCodec,
  ConsensusError,
  decodeAccount,
  encodeAccount,
} from '../../src/consensus/index.js';
import { Rng } from '../helpers/rng.js';

const LIMITS = { maxSize: 256, maxDepth: 2, maxItems: 16 };

function generic(b: Uint8Array): AccountRecord | null {
  try {
    return decodeWith(accountRecordCodec, b, LIMITS);
  } catch {
    return null;
  }
}

function current(b: Uint8Array): AccountRecord | null {
  try {
    return decodeAccount(b);
  } catch (e) {
    assert.ok(ConsensusError.is(e, 'consensus', ConsensusError.CORRUPT_STATE));
    return null;
  }
}

function same(b: Uint8Array): void {
  const g = generic(b);
  const f = current(b);
  assert.equal(f === null, g === null, `acceptance differs for ${Buffer.from(b).toString('hex')}`);
  if (g !== null) assert.deepStrictEqual(f, g);
}

function u64(r: Rng): bigint {
  const bits = [0, 4, 5, 8, 9, 16, 17, 32, 33, 63, 64][r.int(11)]!;
  const v = bits === 0 ? 0n : BigInt(r.u32()) * BigInt(r.u32()) * BigInt(r.u32());
  return bits === 0 ? BigInt(r.int(30)) : v % (1n << BigInt(bits));
}

function randomRecord(r: Rng): AccountRecord {
  const owners = ['system', 'vote', '', 'a'.repeat(23), 'b'.repeat(24), 'c'.repeat(32), 'é', 'x\u0001', '~ '];
  const bytes = r.int(34);
  let balance = 0n;
  for (let i = 0; i < bytes; i++) balance = (balance << 8n) | BigInt(r.u32() & 0xff);
  const rec: AccountRecord = {
    balance: balance > MAX_QUANTITY ? MAX_QUANTITY : balance,
    nonce: u64(r),
    mapping: (1 + r.int(4)) as AccountRecord['mapping'],
    owner: r.pick(owners),
  };
  if (r.int(3) === 0) rec.moving_at = u64(r);
  return rec;
}

test('account record: the direct writer gives the codec bytes, the reader its value', () => {
  const r = new Rng(7);
  for (let i = 0; i < 2000; i++) {
    const rec = randomRecord(r);
    const enc = encodeAccount(rec);
    assert.ok(bytesEqual(enc, encodeWith(accountRecordCodec, rec)));
    assert.deepStrictEqual(decodeAccount(enc), rec);
    same(enc);
  }
});

test('account record: the reader accepts exactly what the codec accepts on mutated input', () => {
  const r = new Rng(11);
  for (let i = 0; i < 3000; i++) {
    const enc = encodeAccount(randomRecord(r));
    const m = new Uint8Array(enc);
    m[r.int(m.length)] = r.u32() & 0xff;
    same(m);
    const m2 = new Uint8Array(enc);
    const j = r.int(m2.length);
    m2[j] = m2[j]! ^ (1 << r.int(8));
    same(m2);
    same(enc.subarray(0, r.int(enc.length)));
    same(new Uint8Array([...enc, r.u32() & 0xff]));
  }
  same(new Uint8Array(0));
  same(new Uint8Array(300).fill(0xa4));
});

test('account record: invalid records are refused by the writer as by the codec', () => {
  const bad = [
    { balance: -1n, nonce: 0n, mapping: 4, owner: 'system' },
    { balance: 0n, nonce: 1n << 64n, mapping: 4, owner: 'system' },
    { balance: 0n, nonce: 0n, mapping: 5, owner: 'system' },
    { balance: 0n, nonce: 0n, mapping: 4, owner: 'x'.repeat(33) },
    { balance: MAX_QUANTITY + 1n, nonce: 0n, mapping: 4, owner: 'system' },
  ] as AccountRecord[];
  for (const rec of bad) {
    assert.throws(() => encodeAccount(rec));
    assert.throws(() => encodeWith(accountRecordCodec, rec));
  }
});

test('account record: balances at every byte-length boundary and alternating owners round-trip as the codec has them', () => {
  const owners = ['system', 'vote', 'system', 'systen', 'syste', ''];
  let i = 0;
  for (let bytes = 0; bytes <= 32; bytes++) {
    const top = (1n << BigInt(8 * bytes)) - 1n;
    for (const balance of [top, top + 1n, top >> 1n, 1n << BigInt(Math.max(0, 8 * bytes - 1))]) {
      if (balance > MAX_QUANTITY) continue;
      const rec: AccountRecord = {
        balance,
        nonce: BigInt(i),
        mapping: 4,
        owner: owners[i++ % owners.length]!,
      };
      const enc = encodeAccount(rec);
      assert.ok(bytesEqual(enc, encodeWith(accountRecordCodec, rec)), `balance ${balance}`);
      assert.deepStrictEqual(decodeAccount(enc), rec);
      same(enc);
    }
  }
});

test('account record: nonces and balances around the writer number paths give the codec bytes', () => {
  const safe = BigInt(Number.MAX_SAFE_INTEGER);
  const balances = [0n, 1n, 255n, 256n, (1n << 48n) - 1n, 1n << 48n, safe - 1n, safe, safe + 1n, 1n << 64n];
  const nonces = [0n, 23n, 24n, 255n, 256n, 65_535n, 65_536n, 0xffffffffn, 0x100000000n, (1n << 64n) - 1n];
  for (const balance of balances) {
    for (const [i, nonce] of nonces.entries()) {
      const rec: AccountRecord = { balance, nonce, mapping: 2, owner: 'system' };
      if (i % 3 === 0) rec.moving_at = nonces[(i + 4) % nonces.length]!;
      const enc = encodeAccount(rec);
      assert.ok(bytesEqual(enc, encodeWith(accountRecordCodec, rec)), `balance ${balance} nonce ${nonce}`);
      assert.deepStrictEqual(decodeAccount(enc), rec);
    }
  }
});
