import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Backoff,
  DEFAULT_BACKOFF,
  DEFAULT_WATCHDOG,
  HostError,
  Watchdog,
} from '../../../src/runtime/host/index.js';
import {
  type Body,
  Connection,
  duplexPair,
  hostHandshake,
  PROTOCOL_VERSION,
} from '../../../src/runtime/rhp/index.js';
import { FakeTimers } from '../../helpers/fake-timers.js';

test('host backoff: starts at the initial delay, doubles, caps at the maximum, resets', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 1000 });
  assert.deepStrictEqual(
    [b.next(), b.next(), b.next(), b.next(), b.next(), b.next()],
    [100, 200, 400, 800, 1000, 1000],
  );
  assert.equal(b.attempts, 6);
  b.reset();
  assert.equal(b.next(), 100);
  assert.equal(DEFAULT_BACKOFF.maxMs, 3_600_000);
  const big = new Backoff({ initialMs: 1000, maxMs: 3_600_000 });
  for (let i = 0; i < 200; i++) assert.ok(big.next() <= 3_600_000);
});

test('host backoff: invalid parameters are refused', () => {
  for (const o of [
    { initialMs: -1, maxMs: 10 },
    { initialMs: 10, maxMs: 5 },
    { initialMs: 1, maxMs: 5, factor: 0.5 },
  ]) {
    assert.throws(
      () => new Backoff(o),
      (e) => HostError.is(e, 'host', HostError.INVALID_ARGUMENT),
    );
  }
});

async function readyPair(timers: FakeTimers, answerPings: number) {
  const [a, b] = duplexPair();
  const host = new Connection(a, { role: 'host', timers });
  let pings = 0;
  new Connection(b, {
    role: 'runtime',
    handler: (body): Body | Promise<Body> => {
      if (body.RuntimeInfoRequest) {
        return {
          RuntimeInfoResponse: {
            protocol_version: PROTOCOL_VERSION,
            runtime_version: { major: 1, minor: 0, patch: 0 },
          },
        };
      }
      return ++pings <= answerPings ? { Empty: {} } : new Promise<Body>(() => {});
    },
  });
  await hostHandshake(
    host,
    {
      runtime_id: new Uint8Array(32),
      consensus_backend: 't',
      consensus_protocol_version: { major: 0, minor: 0, patch: 0 },
      consensus_chain_context: '',
    },
    1000,
  );
  return host;
}

test('host watchdog: pings every 15 s and fails after 5 s without an answer (fake time)', async () => {
  const timers = new FakeTimers();
  const conn = await readyPair(timers, 2);
  const failures: HostError[] = [];
  const w = new Watchdog(conn, DEFAULT_WATCHDOG, timers, (e) => failures.push(e));
  w.start();
  await timers.advance(15_000 * 2); // two answered pings
  await timers.advance(15_000); // third ping sent, unanswered
  await timers.advance(4_999);
  assert.equal(failures.length, 0);
  await timers.advance(1);
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.code, HostError.PING_TIMEOUT);
  await timers.advance(60_000);
  assert.equal(failures.length, 1, 'reported once, then stopped');
  assert.equal(timers.pending, 0);
  conn.close();
});

test('host watchdog: stop cancels the schedule', async () => {
  const timers = new FakeTimers();
  const conn = await readyPair(timers, 0);
  const failures: HostError[] = [];
  const w = new Watchdog(conn, { intervalMs: 10, timeoutMs: 5 }, timers, (e) => failures.push(e));
  w.start();
  w.stop();
  await timers.advance(1000);
  assert.equal(failures.length, 0);
  conn.close();
});
