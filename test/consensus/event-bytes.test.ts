// The direct event writer gives exactly the event codec's bytes for every event in the common shape,
// and declines (undefined) everything else, which the codec then encodes or refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeWith } from '../../src/common/index.js';
import { eventCodec, type ServiceEvent, writeEvent } from '../../src/consensus/index.js';
import { Rng } from '../helpers/rng.js';

function codecBytes(e: ServiceEvent): Uint8Array | null {
  try {
    return new Uint8Array(encodeWith(eventCodec, e));
  } catch {
    return null;
  }
}

const INTS = [0, 1, 23, 24, 255, 256, 65_535, 65_536, 0xffffffff, 0x100000000, Number.MAX_SAFE_INTEGER];
const BIGS = [0n, 23n, 24n, 0xffffffffn, 0x100000000n, 0xffffffffffffffffn];

function randomField(rng: Rng): unknown {
  switch (rng.int(9)) {
    case 0:
      return rng.bytes(rng.pick([0, 1, 20, 21, 23, 24, 32, 255, 256, 300]));
    case 1:
      return Buffer.from(rng.bytes(rng.int(40)));
    case 2:
      return rng.chance(300) ? -rng.pick(INTS) || 0 : rng.pick(INTS);
    case 3:
      return rng.pick(BIGS) * (rng.chance(300) ? -1n : 1n);
    case 4:
      return rng.pick(['', 'a', 'x'.repeat(23), 'y'.repeat(24), 'z'.repeat(300)]);
    case 5:
      return rng.pick([true, false, null]);
    case 6:
      return undefined;
    default:
      return rng.bytes(rng.int(33));
  }
}

function randomKey(rng: Rng): string {
  const n = rng.pick([1, 2, 3, 4, 6, 24, 30]);
  let s = '';
  for (let i = 0; i < n; i++)
    s += String.fromCharCode(rng.pick([0x00, 0x41, 0x5a, 0x61, 0x7a, 0x7e]) + (i % 2));
  return s;
}

function randomEvent(rng: Rng): ServiceEvent {
  const value: Record<string, unknown> = {};
  if (rng.chance(500)) {
    value.from = rng.bytes(21);
    value.to = rng.bytes(21);
    value.amount = rng.bytes(rng.int(33));
  } else {
    const n = rng.int(9);
    for (let i = 0; i < n; i++) value[randomKey(rng)] = randomField(rng);
  }
  return {
    module: rng.pick(['system', 'staking', '', 'x'.repeat(23), 'x'.repeat(24), 'x'.repeat(64)]),
    kind: rng.pick(['transfer', '', 'k', 'y'.repeat(64)]),
    value,
  };
}

test('writeEvent: same bytes as the event codec over 5,000 random events', () => {
  const rng = new Rng(11);
  for (let i = 0; i < 5000; i++) {
    const e = randomEvent(rng);
    const d = writeEvent(e);
    assert.ok(d !== undefined, `declined a common event: ${i}`);
    assert.deepEqual(new Uint8Array(d), codecBytes(e));
  }
});

test('writeEvent: the transfer event of system.Transfer', () => {
  const e = {
    module: 'system',
    kind: 'transfer',
    value: { from: new Uint8Array(21), to: new Uint8Array(21).fill(7), amount: Uint8Array.of(1, 0) },
  };
  assert.deepEqual(new Uint8Array(writeEvent(e)!), codecBytes(e));
});

test('writeEvent: declines what is outside the common shape (the codec decides)', () => {
  const ok = { module: 'm', kind: 'k', value: {} as unknown };
  const encodable: ServiceEvent[] = [
    { ...ok, module: 'é' },
    { ...ok, kind: 'ü' },
    { ...ok, value: { ké: 1 } },
    { ...ok, value: { a: 'é' } },
    { ...ok, value: { a: { b: 1 } } },
    { ...ok, value: { a: [1, 2] } },
    { ...ok, value: [1, 2] },
    { ...ok, value: 5 },
    { ...ok, value: null },
    { ...ok, value: new Uint8Array(3) },
    { ...ok, value: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i])) },
  ];
  for (const e of encodable) {
    assert.equal(writeEvent(e), undefined, JSON.stringify(e));
    assert.notEqual(codecBytes(e), null, 'the codec encodes it');
  }
  const refused: ServiceEvent[] = [
    { ...ok, module: 'x'.repeat(65) },
    { ...ok, kind: 'x'.repeat(65) },
    { ...ok, module: 7 as unknown as string },
    { ...ok, value: undefined },
    { ...ok, value: { a: 1.5 } },
    { ...ok, value: { a: -0 } },
    { ...ok, value: { a: 2 ** 60 } },
    { ...ok, value: { a: 0x10000000000000000n } },
    { ...ok, value: { a: () => 1 } },
    { ...ok, value: { a: new Uint16Array(2) } },
  ];
  for (const e of refused) assert.equal(writeEvent(e), undefined);
  for (const e of refused.slice(0, 4)) assert.equal(codecBytes(e), null, 'the codec refuses it');
});

test('writeEvent: a throwing getter or a re-entrant emit is left to the codec', () => {
  const throwing = {
    module: 'm',
    kind: 'k',
    value: {
      get a(): number {
        throw new Error('boom');
      },
    },
  };
  assert.equal(writeEvent(throwing), undefined);
  let inner: Uint8Array | undefined | null = null;
  const reentrant = {
    module: 'm',
    kind: 'k',
    value: {
      get a(): number {
        inner = writeEvent({ module: 'n', kind: 'j', value: { b: 1 } });
        return 3;
      },
    },
  };
  const outer = writeEvent(reentrant);
  assert.equal(inner, undefined, 'the nested call declines while a write is under way');
  assert.deepEqual(new Uint8Array(outer!), codecBytes({ module: 'm', kind: 'k', value: { a: 3 } }));
});

test('event writer: a repeated value shape reuses its key order, and a change of shape is noticed', () => {
  const ev = (value: Record<string, unknown>): ServiceEvent => ({
    module: 'system',
    kind: 'transfer',
    value,
  });
  const shapes: Record<string, unknown>[] = [
    { to: 1, from: 2, amount: 3 },
    { to: 4, from: 5, amount: 6 },
    { to: 1, from: undefined, amount: 3 },
    { from: 2, to: 1, amount: 3 },
    { to: 1, from: 2, amount: 3, extra: 'x' },
    { to: 1, from: 2 },
    { to: 1, from: 2, amount: 3 },
    { b: 1, aa: 2, a: 3 },
    { b: 1, aa: 2, a: 3 },
  ];
  for (const v of shapes) assert.deepEqual(writeEvent(ev(v)), codecBytes(ev(v)), JSON.stringify(v));
});
