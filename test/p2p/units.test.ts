import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TandemError } from '../../src/common/index.js';
import { encodeFrame, P2pError, PeerScores, peerOfAddr, Redialer, readFrame } from '../../src/p2p/index.js';
import { sleep } from '../helpers/p2p.js';

const isP2p = (code: number) => (e: unknown) => TandemError.is(e, 'p2p', code);

async function* chunks(parts: Uint8Array[], pulled: { n: number } = { n: 0 }) {
  for (const p of parts) {
    pulled.n++;
    yield p;
  }
}

test('frames round trip in any chunking', async () => {
  const data = new Uint8Array(1000).map((_, i) => i & 0xff);
  const [h, b] = encodeFrame(data);
  const whole = new Uint8Array([...h!, ...b!]);
  for (const cut of [1, 3, 4, 5, 999, 1003]) {
    const parts = [whole.subarray(0, cut), whole.subarray(cut)];
    assert.deepEqual(await readFrame(chunks(parts), 1000), data);
  }
  // libp2p hands out Uint8ArrayList chunks: anything with subarray() works.
  const list = { subarray: () => whole };
  assert.deepEqual(
    await readFrame(
      (async function* () {
        yield list;
      })(),
      1000,
    ),
    data,
  );
  assert.deepEqual(await readFrame(chunks(encodeFrame(new Uint8Array(0))), 0), new Uint8Array(0));
});

test('an oversized frame is refused from its header, before the body is pulled', async () => {
  const [h] = encodeFrame(new Uint8Array(2000));
  const pulled = { n: 0 };
  await assert.rejects(
    readFrame(chunks([h!, new Uint8Array(2000)], pulled), 1999),
    isP2p(P2pError.OVERSIZED),
  );
  assert.equal(pulled.n, 1);
  const huge = new Uint8Array([0xff, 0xff, 0xff, 0xff]);
  await assert.rejects(readFrame(chunks([huge]), 5 * 1024 * 1024), isP2p(P2pError.OVERSIZED));
});

test('truncated frames and trailing bytes are malformed', async () => {
  const [h, b] = encodeFrame(new Uint8Array(10));
  await assert.rejects(readFrame(chunks([]), 100), isP2p(P2pError.MALFORMED));
  await assert.rejects(readFrame(chunks([h!.subarray(0, 2)]), 100), isP2p(P2pError.MALFORMED));
  await assert.rejects(readFrame(chunks([h!, b!.subarray(0, 9)]), 100), isP2p(P2pError.MALFORMED));
  await assert.rejects(readFrame(chunks([h!, b!, new Uint8Array(1)]), 100), isP2p(P2pError.MALFORMED));
  await assert.rejects(readFrame(chunks([h!, new Uint8Array(11)]), 100), isP2p(P2pError.MALFORMED));
});

test('peer score: offences cost points, the score recovers, a ban lasts its period', () => {
  let now = 0;
  const s = new PeerScores({ banMs: 60_000 }, () => now);
  assert.equal(s.score('p'), 0);
  assert.equal(s.penalize('p', 'reject'), false);
  assert.equal(s.score('p'), -10);
  now += 5_000;
  assert.equal(s.score('p'), -5, 'one point per second');
  now += 60_000;
  assert.equal(s.score('p'), 0, 'never above zero');
  assert.equal(s.penalize('p', 'oversized'), false);
  assert.equal(s.penalize('p', 'malformed'), false);
  assert.equal(s.penalize('p', 'malformed'), true, '-100 bans');
  assert.ok(s.banned('p'));
  assert.ok(!s.banned('q'));
  now += 59_999;
  assert.ok(s.banned('p'));
  now += 1;
  assert.ok(!s.banned('p'), 'the ban ends');
  assert.equal(s.score('p'), 0, 'and the peer starts over');
});

test('peer score state is bounded: the least-penalized score and the earliest ban go first', () => {
  let now = 0;
  const s = new PeerScores({ maxPeers: 3, maxBans: 2 }, () => now);
  s.penalize('a', 'reject');
  s.penalize('b', 'malformed');
  s.penalize('c', 'reject');
  s.penalize('c', 'reject');
  s.penalize('d', 'reject');
  assert.equal(s.size.scores, 3);
  assert.equal(s.score('a'), 0, 'a was least penalized and dropped');
  assert.equal(s.score('b'), -25);
  assert.equal(s.score('c'), -20);
  const bans = new PeerScores({ maxBans: 2, banBelow: -50 }, () => now);
  for (const p of ['x', 'y', 'z']) {
    now += 1;
    assert.equal(bans.penalize(p, 'oversized'), true);
  }
  assert.deepEqual(bans.size, { scores: 0, bans: 2 });
  assert.ok(!bans.banned('x') && bans.banned('y') && bans.banned('z'));
});

test('bootstrap: dials at start, backs off after failures, redials after a disconnect, stops cleanly', async () => {
  const peer = '12D3KooWT1UaYrk2smLGh4M7DkdoCBeHMCPQqTbVqeHqYX4sUEyG';
  const addr = `/ip4/127.0.0.1/tcp/1/p2p/${peer}`;
  assert.equal(peerOfAddr(addr), peer);
  assert.throws(() => peerOfAddr('/ip4/127.0.0.1/tcp/1'), isP2p(P2pError.INVALID_CONFIG));
  const times: number[] = [];
  let fail = 3;
  let connected = false;
  const t0 = Date.now();
  const r = new Redialer(
    [addr],
    async (a) => {
      assert.equal(a, addr);
      times.push(Date.now() - t0);
      if (fail-- > 0) throw new Error('refused');
      connected = true;
    },
    () => connected,
    { baseMs: 20, maxMs: 50 },
  );
  r.start();
  await sleep(300);
  assert.equal(times.length, 4, 'three failures, then success');
  // Backoff 40, 50 (capped), 50 ms between attempts.
  assert.ok(times[3]! - times[0]! >= 130, `${times}`);
  connected = false;
  r.disconnected(peer);
  r.disconnected('someone-else');
  await sleep(100);
  assert.equal(times.length, 5, 'redialed once after the disconnect');
  connected = false;
  fail = 100;
  r.disconnected(peer);
  r.stop();
  await sleep(100);
  assert.equal(times.length, 5, 'no dial after stop');
});
