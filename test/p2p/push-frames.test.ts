import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer, nullLogger, toHex } from '../../src/common/index.js';
import { DirectPush, P2pError, PeerScores, PUSH_SEEN_SIZE, peerIdFromP2pKey } from '../../src/p2p/index.js';
import { FrameQueue, readFrames } from '../../src/p2p/push-frames.js';

async function* chunks(...cs: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* cs;
}

async function collect(source: AsyncIterable<Uint8Array>, max: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const f of readFrames(source, max)) out.push(f);
  return out;
}

/** Everything a queue yields until it is closed, as one byte string. */
async function drain(q: FrameQueue): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of q) parts.push(c);
  return Buffer.concat(parts);
}

test('push frames: several frames round trip through the queue, in any chunking', async () => {
  const q = new FrameQueue(1024);
  const frames = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(200).fill(7)];
  for (const f of frames) assert.ok(q.push(f));
  q.close();
  const wire = await drain(q);
  assert.equal(wire.length, 4 * 3 + 203);
  for (const step of [1, 3, 5, 64, wire.length]) {
    const cs: Uint8Array[] = [];
    for (let i = 0; i < wire.length; i += step) cs.push(wire.subarray(i, i + step));
    assert.deepEqual(await collect(chunks(...cs), 1024), frames);
  }
});

test('push frames: a burst queued before the stream pulls leaves as one chunk', async () => {
  const q = new FrameQueue(1024);
  q.push(new Uint8Array([1]));
  q.push(new Uint8Array([2]));
  q.push(new Uint8Array([3]));
  const it = q[Symbol.asyncIterator]();
  const first = await it.next();
  assert.equal(first.value.length, 15, 'three frames, one chunk');
  q.close();
  assert.equal((await it.next()).done, true);
});

test('push frames: the queue is bounded; a closed queue takes nothing', () => {
  const q = new FrameQueue(20);
  assert.ok(q.push(new Uint8Array(10)));
  assert.equal(q.push(new Uint8Array(3)), false, '14 + 7 bytes exceed the bound of 20');
  assert.ok(q.push(new Uint8Array(2)));
  q.close();
  assert.equal(q.push(new Uint8Array(0)), false);
});

test('push frames: an oversized length is refused from its header, before any body arrives', async () => {
  const head = new Uint8Array([0, 0, 1, 0]);
  let pulled = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    yield head;
    pulled++;
    yield new Uint8Array(256);
  }
  await assert.rejects(
    collect(source(), 255),
    (e: unknown) => e instanceof P2pError && e.code === P2pError.OVERSIZED,
  );
  assert.equal(pulled, 0);
});

test('push frames: a stream ending inside a header or a body is malformed; frames before it count', async () => {
  const got: Uint8Array[] = [];
  const malformed = (e: unknown) => e instanceof P2pError && e.code === P2pError.MALFORMED;
  const ok = new Uint8Array([0, 0, 0, 1, 9]);
  await assert.rejects(async () => {
    for await (const f of readFrames(chunks(ok, new Uint8Array([0, 0])), 16)) got.push(f);
  }, malformed);
  assert.deepEqual(got, [new Uint8Array([9])]);
  await assert.rejects(collect(chunks(new Uint8Array([0, 0, 0, 4, 1, 2])), 16), malformed);
  assert.deepEqual(await collect(chunks(), 16), [], 'an empty stream is no frame and no error');
});

test('push: the memory of seen messages is bounded and a recent message is never forgotten at once', () => {
  const push = new DirectPush(undefined as never, undefined as never);
  const msg = (i: number) => new TextEncoder().encode(`m${i}`);
  assert.equal(push.firstSight('t', msg(0)), true);
  assert.equal(push.firstSight('t', msg(0)), false, 'a second copy is dropped');
  assert.equal(push.firstSight('u', msg(0)), true, 'topics are apart');
  for (let i = 1; i < PUSH_SEEN_SIZE * 3; i++) {
    assert.equal(push.firstSight('t', msg(i)), true);
    assert.ok(push.remembered() <= PUSH_SEEN_SIZE);
    // The message seen just before is still known, across every change of generation.
    assert.equal(push.firstSight('t', msg(i - 1)), false);
  }
});

test('push: a copy from a peer that is not heard on the topic is not remembered, so the same message from a registered peer is handled', () => {
  const reg = Ed25519Signer.generate();
  const other = Ed25519Signer.generate();
  const auth = { isRegistered: (pub: Uint8Array) => toHex(pub) === toHex(reg.publicKey) };
  const scores = new PeerScores();
  const push = new DirectPush(undefined as never, { auth, scores, offend: () => {}, log: nullLogger });
  const [r, u] = [peerIdFromP2pKey(reg.publicKey), peerIdFromP2pKey(other.publicKey)];
  const data = new TextEncoder().encode('vote');
  assert.equal(push.fresh('t', u, 'registered', data), false, 'not heard');
  assert.equal(push.remembered(), 0);
  assert.equal(push.fresh('t', r, 'registered', data), true);
  assert.equal(push.fresh('t', r, 'registered', data), false, 'then a duplicate');
  assert.equal(push.fresh('o', u, 'open', data), true, 'open topics hear anyone');
  for (let i = 0; i < 20; i++) scores.penalize(r, 'oversized');
  assert.equal(push.fresh('t', r, 'registered', new Uint8Array([1])), false, 'a banned peer is not heard');
});
