// The direct log-record writer gives the record codec's canonical bytes, and refuses what the
// codec would refuse (or what the store must never write) with WRITE_LOG.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBytes, encodeWith, toHex } from '../../src/common/index.js';
import { encodeChunkDirect, encodeLogRecordDirect } from '../../src/mkvs/compact/log-encode.js';
import { chunkCodec, encodeLogRecord, logRecordCodec } from '../../src/mkvs/compact/log-records.js';
import { type LogEntry, MkvsError } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const U64S = [0n, 23n, 24n, 255n, 256n, 65_535n, 65_536n, 0xffffffffn, 0x100000000n, 2n ** 64n - 1n];

function sortedLog(r: Rng): LogEntry[] {
  const byKey = new Map<string, LogEntry>();
  for (let n = r.int(30); n > 0; n--) {
    const key = r.bytes(r.pick([0, 1, 22, 23, 24, 255, 256]));
    byKey.set(toHex(key), { key, value: r.chance(200) ? null : r.bytes(r.pick([0, 23, 24, 80, 300])) });
  }
  return [...byKey.values()].sort((a, b) => compareBytes(a.key, b.key));
}

test('state log encoding: the direct writer gives the codec’s bytes for random records', () => {
  const r = new Rng(99);
  for (let i = 0; i < 500; i++) {
    const rec = {
      ns: r.chance(500) ? r.bytes(32) : undefined,
      prev: r.chance(500) ? r.pick(U64S) : undefined,
      root: r.bytes(32),
      version: r.pick(U64S),
      log: sortedLog(r),
    };
    const direct = encodeLogRecordDirect(rec, 1 << 20);
    assert.ok(direct, 'a plain record is written directly');
    assert.equal(toHex(direct), toHex(encodeWith(logRecordCodec, rec)), `record ${i}`);
  }
});

test('state log encoding: bad records are refused with WRITE_LOG, directly or through the codec', () => {
  const root = new Uint8Array(32);
  const k = (b: number) => Uint8Array.of(b);
  const refused = (log: unknown, extra: Record<string, unknown> = {}) =>
    assert.throws(
      () => encodeLogRecord({ root, version: 1n, log: log as LogEntry[], ...extra }),
      (e: unknown) => e instanceof MkvsError && e.code === MkvsError.WRITE_LOG,
    );
  refused([
    { key: k(2), value: null },
    { key: k(1), value: null },
  ]);
  refused([
    { key: k(1), value: null },
    { key: k(1), value: k(0) },
  ]);
  refused([{ key: 'x', value: null }]);
  refused([{ key: new Uint8Array(8192), value: null }]);
  refused([{ key: k(1), value: 5 }]);
  refused('nope');
  refused([], { root: new Uint8Array(31) });
  refused([], { version: -1n });
  refused([], { ns: new Uint8Array(8) });
  assert.equal(encodeLogRecordDirect({ root, version: 1n, log: [], prev: 2n ** 64n }, 8), undefined);
});

test('state log encoding: snapshot chunks written directly are the codec’s bytes', () => {
  const r = new Rng(100);
  for (let i = 0; i < 300; i++) {
    const pairs = sortedLog(r).map((e) => [e.key, e.value ?? new Uint8Array(0)] as const);
    const from = r.int(pairs.length + 1);
    const to = from + r.int(pairs.length - from + 1);
    const version = r.pick(U64S);
    const index = r.pick([0, 23, 24, 70_000, 0xffffffff]);
    const entries = pairs.slice(from, to).map(([key, value]) => ({ key, value }));
    assert.equal(
      toHex(encodeChunkDirect(version, index, pairs, from, to)),
      toHex(encodeWith(chunkCodec, { version, index, entries })),
      `chunk ${i}`,
    );
  }
});
