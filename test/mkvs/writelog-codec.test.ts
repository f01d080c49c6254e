// The write-log codec's one-pass conversion of well-formed logs gives what the element codecs
// give, and a malformed log anywhere is refused with the element codecs' own error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { array, bytes, nullable, tuple } from '../../src/common/index.js';
import { type WriteLog, writeLogCodec } from '../../src/mkvs/index.js';

const reference = array(tuple(bytes({ max: 8191 }), nullable(bytes())), 8);

function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { err: (e as Error).message, code: (e as { code?: number }).code };
  }
}

const k = (n: number) => new Uint8Array(n).fill(1);

test('writeLogCodec: well-formed logs convert as the element codecs do, both ways', () => {
  const c = writeLogCodec(8);
  const log: WriteLog = [
    { key: k(1), value: k(3) },
    { key: k(2), value: null },
    { key: k(8191), value: new Uint8Array(0) },
  ];
  const wire = c.toCbor(log, 'log');
  assert.deepEqual(
    wire,
    reference.toCbor(
      log.map((e) => [e.key, e.value]),
      'log',
    ),
  );
  assert.deepEqual(c.fromCbor(wire, 'log'), log);
  assert.deepEqual(c.toCbor([], 'log'), []);
  assert.deepEqual(c.fromCbor([], 'log'), []);
});

test('writeLogCodec: malformed logs and entries give the element codecs’ errors (hostile input)', () => {
  const c = writeLogCodec(8);
  const bad: unknown[] = [
    'x',
    null,
    new Array(9).fill([k(1), k(1)]),
    [
      [k(1), k(1)],
      [k(8192), k(1)],
    ],
    [[k(1), k(1)], [k(1)]],
    [
      [k(1), k(1)],
      [k(1), k(1), k(1)],
    ],
    [[k(1), 'v']],
    [['k', k(1)]],
    [[k(1), null], 7],
    [{ key: k(1), value: k(1) }],
  ];
  for (const r of bad) {
    const want = outcome(() => reference.fromCbor(r, 'log'));
    assert.ok('err' in (want as object), 'the reference refuses it');
    assert.deepEqual(
      outcome(() => c.fromCbor(r, 'log')),
      want,
    );
  }
  const badLogs: unknown[] = [
    [{ key: k(8192), value: null }],
    [{ key: k(1), value: 'v' }],
    [{ key: 'k', value: null }],
    new Array(9).fill({ key: k(1), value: null }),
  ];
  for (const v of badLogs) {
    const log = v as WriteLog;
    const want = outcome(() =>
      reference.toCbor(
        log.map((e) => [e.key, e.value]),
        'log',
      ),
    );
    assert.ok('err' in (want as object));
    assert.deepEqual(
      outcome(() => c.toCbor(log, 'log')),
      want,
    );
  }
});
