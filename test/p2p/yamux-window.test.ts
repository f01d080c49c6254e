/**
 * Yamux window updates once half the window is used (src/p2p/yamux-window.ts): the rule is in
 * place for the pinned yamux once a node starts; a stream sends no update while more than half its
 * window is free, one for the whole consumed part after that, and an opening stream's update (its
 * SYN or ACK) at once; streams still carry many windows' worth of data both ways.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { StreamState, YamuxStream } from '@chainsafe/libp2p-yamux/stream';
import { halfWindowUpdates } from '../../src/p2p/yamux-window.js';
import { Nodes, TestRegistry } from '../helpers/p2p.js';

const nodes = new Nodes();
afterEach(() => nodes.stopAll());

const WINDOW = 256 * 1024;

/** A stream's window fields over the real prototype, recording the frames it would send. */
function fakeStream(state: StreamState, capacity: number) {
  const frames: { flag: number; length: number }[] = [];
  const s = Object.assign(Object.create(YamuxStream.prototype) as object, {
    state,
    recvWindow: WINDOW,
    recvWindowCapacity: capacity,
    epochStart: Date.now(),
    getRTT: () => -1,
    config: { maxStreamWindowSize: 16 * 1024 * 1024 },
    sendFrame: (f: { flag: number; length: number }) => frames.push(f),
  }) as unknown as { sendWindowUpdate(): void; recvWindowCapacity: number };
  return { s, frames };
}

test('yamux window: streams carry many windows of data both ways between real nodes', async () => {
  const reg = new TestRegistry();
  const [a, b] = [nodes.make(reg).net, nodes.make(reg).net];
  const proto = '/tandem/test/window/1';
  await a.handle(proto, async (_from, d) => d.map((x) => x ^ 0xff), { maxRequestBytes: 4 * 1024 * 1024 });
  await a.start();
  await b.start();
  const marked = (YamuxStream.prototype as unknown as { tandemHalfWindow?: true }).tandemHalfWindow;
  assert.equal(marked, true, 'a started node put the rule in place');
  await b.dial(a.addresses()[0]!);
  const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
  for (let round = 0; round < 3; round++) {
    const got = await b.request(a.peerId, proto, big, 20_000, { maxResponseBytes: 4 * 1024 * 1024 });
    assert.equal(got.length, big.length);
    assert.ok(
      got.every((x, i) => x === ((i % 251) ^ 0xff)),
      `round ${round}: every byte`,
    );
  }
});

test('yamux window: updates wait for half the window; opening streams send theirs at once', () => {
  assert.equal(halfWindowUpdates(), true, 'the rule applies to the pinned yamux');
  const used = fakeStream(StreamState.Established, WINDOW - 1000);
  used.s.sendWindowUpdate();
  assert.equal(used.frames.length, 0, 'no update for 1,000 bytes read of 256 KiB');
  used.s.recvWindowCapacity = WINDOW / 2 - 1;
  used.s.sendWindowUpdate();
  assert.equal(used.frames.length, 1, 'one update once more than half is used');
  assert.equal(used.frames[0]!.flag, 0);
  assert.equal(used.frames[0]!.length, WINDOW / 2 + 1, 'for the whole consumed part');
  assert.equal(used.s.recvWindowCapacity, WINDOW, 'the window is whole again');
  const opening = fakeStream(StreamState.SYNReceived, WINDOW);
  opening.s.sendWindowUpdate();
  assert.equal(opening.frames.length, 1, 'an accepted stream acknowledges at once');
  assert.notEqual(opening.frames[0]!.flag, 0, 'with its ACK flag');
});
