// The state log's direct record reader accepts exactly what the codecs' strict decoding accepts,
// with the same values: over random valid records, and over each of them damaged at random
// (bytes changed, cut, inserted), the two agree every time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Codec, decodeWith, encodeWith, TandemError, toHex } from '../../src/common/index.js';
import { readRecord } from '../../src/mkvs/compact/log-decode.js';
import { RECORD_FORMATS } from '../../src/mkvs/compact/log-records.js';
import type { LogEntry } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

type Format = (typeof RECORD_FORMATS)[keyof typeof RECORD_FORMATS];

function randomList(r: Rng, nullable: boolean): LogEntry[] {
  const out: LogEntry[] = [];
  for (let n = r.int(5); n > 0; n--) {
    const key = r.bytes(r.pick([0, 1, 5, 23, 24, 300]));
    out.push({ key, value: nullable && r.chance(300) ? null : r.bytes(r.pick([0, 3, 24, 256])) });
  }
  return out;
}

function randomU64(r: Rng): bigint {
  return r.pick([0n, 23n, 24n, 255n, 256n, 65_536n, 0xffffffffn, 0x100000000n, 2n ** 53n, 2n ** 64n - 1n]);
}

function randomRecord(r: Rng, kind: keyof typeof RECORD_FORMATS): unknown {
  const ns = r.chance(500) ? r.bytes(32) : undefined;
  switch (kind) {
    case 'log':
      return {
        ns,
        prev: r.chance(500) ? randomU64(r) : undefined,
        root: r.bytes(32),
        version: randomU64(r),
        log: randomList(r, true),
      };
    case 'chunk':
      return { version: randomU64(r), index: r.pick([0, 1, 24, 70_000]), entries: randomList(r, false) };
    case 'manifest':
      return {
        ns,
        version: randomU64(r),
        root: r.bytes(32),
        chunks: r.pick([0, 3, 300]),
        entries: r.pick([0, 5, 2 ** 40]),
      };
  }
}

/** Outcome of one decoder: the value (lists as key/value objects) or "refused". */
function outcome(f: () => unknown): string {
  try {
    return JSON.stringify(f(), (_, v) => {
      if (v instanceof Uint8Array) return toHex(v);
      if (typeof v === 'bigint') return `${v}n`;
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    });
  } catch (e) {
    if (e instanceof TandemError) return 'refused';
    throw e;
  }
}

function agree(format: Format, b: Uint8Array, where: string): boolean {
  const list = { ...format.list, entry: (key: Uint8Array, value: Uint8Array | null) => ({ key, value }) };
  const direct = outcome(() => readRecord(b, format.maxSize, format.fields, list, format.codec.name));
  const generic = outcome(() =>
    decodeWith(format.codec as Codec<unknown>, b, { maxSize: format.maxSize, maxItems: 1 << 22 }),
  );
  assert.equal(direct, generic, `${where}: ${toHex(b)}`);
  return direct !== 'refused';
}

function mutate(r: Rng, b: Uint8Array): Uint8Array {
  const at = r.int(b.length);
  switch (r.int(4)) {
    case 0:
      return Uint8Array.from(b, (x, i) => (i === at ? r.int(256) : x));
    case 1:
      return b.subarray(0, at);
    case 2:
      return Uint8Array.of(...b.subarray(0, at), r.int(256), ...b.subarray(at));
    default:
      return Uint8Array.of(...b, ...b.subarray(at, at + 1 + r.int(4)));
  }
}

for (const kind of ['log', 'chunk', 'manifest'] as const) {
  test(`state log reader: ${kind} records decode as the codec decodes them, valid or damaged`, () => {
    const format = RECORD_FORMATS[kind];
    const r = new Rng(kind.length * 1000 + 17);
    let accepted = 0;
    let damagedAccepted = 0;
    for (let i = 0; i < 300; i++) {
      const b = encodeWith(format.codec as Codec<unknown>, randomRecord(r, kind));
      if (agree(format, b, `valid ${kind} ${i}`)) accepted++;
      for (let m = 0; m < 25; m++)
        if (agree(format, mutate(r, b), `damaged ${kind} ${i}.${m}`)) damagedAccepted++;
    }
    assert.equal(accepted, 300, 'every valid record is read');
    assert.ok(damagedAccepted < 300 * 25, `some damage is still a valid record (${damagedAccepted})`);
  });
}
