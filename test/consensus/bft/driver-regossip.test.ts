// When a validator sends its own messages again: only while a height stands still (the gossip
// tick), not for heights that are decided before the next tick.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryWal, type Message } from '../../../src/consensus/bft/index.js';
import { driverNet } from './driver-net.js';

/** A key naming one own message of node 0: what it votes or proposes, where. */
function keyOf(m: Message): string | undefined {
  if ('vote' in m) return `vote ${m.vote.body.height} ${m.vote.body.round} ${m.vote.body.type}`;
  if ('proposal' in m) return `proposal ${m.proposal.body.height} ${m.proposal.body.round}`;
  return undefined;
}

function counting(delayMs?: number) {
  const sent = new Map<string, number>();
  const net = driverNet({
    wal: () => new MemoryWal(),
    ...(delayMs === undefined ? {} : { delayMs }),
    onBroadcast: (i, m) => {
      const k = i === 0 ? keyOf(m) : undefined;
      if (k !== undefined) sent.set(k, (sent.get(k) ?? 0) + 1);
    },
  });
  return { net, sent };
}

test('driver: heights decided within a gossip tick are not sent again', async () => {
  // 60 ms per message: a height stays undecided ~180 ms after its proposal, within one 250 ms tick.
  const { net, sent } = counting(60);
  for (let i = 0; i < 4; i++) await net.start(i);
  await net.clock.run(4000);
  const h = net.drivers[0]!.state.height;
  assert.ok(h >= 10n, `heights decided: ${h}`);
  const again = [...sent].filter(([, n]) => n > 1);
  assert.ok(sent.size >= 20, `own messages: ${sent.size}`);
  assert.deepEqual(again, [], 'no own message of a height decided within a tick went out twice');
});

test('driver: a height that stands still has its own messages sent again every tick after the first', async () => {
  const { net, sent } = counting();
  // Two of four validators: no quorum, height 1 never decides.
  await net.start(0);
  await net.start(1);
  await net.clock.run(3000);
  assert.equal(net.drivers[0]!.state.height, 0n);
  const prevotes = [...sent].filter(([k]) => k.startsWith('vote 1 '));
  assert.ok(prevotes.length > 0, 'node 0 voted');
  // Gossip every 250 ms for 3 s: the round's own votes went out again many times.
  const most = Math.max(...prevotes.map(([, n]) => n));
  assert.ok(most >= 4, `sent at most ${most} times: ${JSON.stringify(prevotes)}`);
});
