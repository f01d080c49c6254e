// The direct receipt writer gives exactly the strict codec's bytes for every receipt in the common
// shape, and declines (undefined) everything else, which the codec then encodes or refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeWith } from '../../src/common/index.js';
import {
  eventCodec,
  MAX_TX_EVENTS,
  type Receipt,
  receiptCodec,
  type ServiceEvent,
  writeReceipt,
} from '../../src/consensus/index.js';
import { Rng } from '../helpers/rng.js';

function codecBytes(r: Receipt): Uint8Array | null {
  try {
    return new Uint8Array(encodeWith(receiptCodec, r));
  } catch {
    return null;
  }
}

function direct(r: Receipt): Uint8Array | undefined {
  const evs = r.events.map((e) => encodeWith(eventCodec, e));
  return writeReceipt(r.status, r.module, r.code, r.gas_used, evs);
}

function randomEvent(rng: Rng): ServiceEvent {
  const values: unknown[] = [
    { from: rng.bytes(21), to: rng.bytes(21), amount: rng.bytes(rng.int(33)) },
    rng.int(1 << 30),
    BigInt(rng.int(1 << 30)) * 1_000_000_000n,
    'text é',
    [1, 2, { a: null }],
    rng.bytes(rng.int(300)),
  ];
  return {
    module: rng.pick(['system', 'staking', 'x'.repeat(64)]),
    kind: rng.pick(['transfer', '', 'k']),
    value: rng.pick(values),
  };
}

const GAS = [0n, 1n, 23n, 24n, 255n, 256n, 65_535n, 65_536n, 0xffffffffn, 0x100000000n, 0xffffffffffffffffn];
const CODES = [0, 1, 23, 24, 255, 256, 65_535, 65_536, 0xffffffff];

test('writeReceipt: same bytes as the receipt codec over varied receipts', () => {
  const rng = new Rng(7);
  for (let i = 0; i < 2000; i++) {
    const n = rng.pick([0, 0, 1, 1, 2, 3, 23, 24, 30]);
    const r: Receipt = {
      status: rng.pick([0, 1, 23, 24, 255]),
      module: rng.pick(['', 'system', 'unknown', 'a'.repeat(23), 'b'.repeat(24), 'c'.repeat(64)]),
      code: rng.pick(CODES),
      gas_used: rng.pick(GAS),
      events: Array.from({ length: n }, () => randomEvent(rng)),
    };
    const d = direct(r);
    assert.ok(
      d !== undefined,
      `declined a common receipt: ${JSON.stringify({ ...r, events: n, gas_used: String(r.gas_used) })}`,
    );
    assert.deepEqual(new Uint8Array(d), codecBytes(r));
  }
});

test('writeReceipt: the largest receipt (most events, longest module, widest numbers)', () => {
  const rng = new Rng(8);
  const events = Array.from({ length: MAX_TX_EVENTS }, () => randomEvent(rng));
  const r: Receipt = { status: 0, module: '', code: 0, gas_used: 500n, events };
  assert.deepEqual(new Uint8Array(direct(r)!), codecBytes(r));
  const tiny = Array.from({ length: MAX_TX_EVENTS }, () => ({ module: '', kind: '', value: null }));
  const widest: Receipt = {
    status: 255,
    module: 'm'.repeat(64),
    code: 0xffffffff,
    gas_used: 0xffffffffffffffffn,
    events: tiny,
  };
  assert.deepEqual(new Uint8Array(direct(widest)!), codecBytes(widest));
});

test('writeReceipt: declines what is outside the common shape (the codec decides)', () => {
  const ok = { status: 0, module: 'm', code: 1, gas_used: 1n, events: [] as ServiceEvent[] };
  const cases: Receipt[] = [
    { ...ok, module: 'é' }, // non-ASCII: the codec encodes it
    { ...ok, module: 'x'.repeat(65) },
    { ...ok, status: 256 },
    { ...ok, status: -1 },
    { ...ok, status: 1.5 },
    { ...ok, code: 0x100000000 },
    { ...ok, code: -1 },
    { ...ok, gas_used: -1n },
    { ...ok, gas_used: 0x10000000000000000n },
    { ...ok, gas_used: 5 as unknown as bigint },
    { ...ok, module: 7 as unknown as string },
  ];
  for (const r of cases)
    assert.equal(direct(r), undefined, JSON.stringify({ ...r, gas_used: String(r.gas_used) }));
  // The non-ASCII module is valid: the codec (the fallback) encodes it.
  assert.notEqual(codecBytes(cases[0]!), null);
  // The others the codec refuses too.
  for (const r of cases.slice(1)) assert.equal(codecBytes(r), null);
  const tooMany = Array.from({ length: MAX_TX_EVENTS + 1 }, () => new Uint8Array([0xa0]));
  assert.equal(writeReceipt(0, '', 0, 0n, tooMany), undefined);
});
