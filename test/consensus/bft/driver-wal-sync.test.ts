import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual } from '../../../src/common/index.js';
import { decodeInput, MemoryWal, type Message } from '../../../src/consensus/bft/index.js';
import { driverNet } from './driver-net.js';

/** The signature a WAL record carries, if it is a proposal or a vote. */
function signatureOf(rec: Uint8Array): Uint8Array | undefined {
  const i = decodeInput(rec);
  if (i.kind === 'proposal') return i.proposal.signature;
  if (i.kind === 'vote') return i.vote.signature;
  return undefined;
}

const sigOfMessage = (m: Message): Uint8Array | undefined =>
  'proposal' in m ? m.proposal.signature : 'vote' in m ? m.vote.signature : undefined;

test('driver WAL: an own proposal or vote is synced before it is sent; peer inputs are written unsynced meanwhile', async () => {
  const wals = [0, 1, 2, 3].map(() => new MemoryWal());
  let checked = 0;
  let missing = 0;
  const net = driverNet({
    wal: (i) => wals[i]!,
    onBroadcast: (i, m) => {
      const sig = sigOfMessage(m);
      if (i !== 0 || sig === undefined) return;
      // A power loss at the moment the message leaves must keep its record.
      const kept = wals[0]!.crashCopy(false, true).replay();
      if (!kept.some((r) => bytesEqual(signatureOf(r) ?? new Uint8Array(0), sig))) missing++;
      checked++;
    },
  });
  for (let i = 0; i < 4; i++) await net.start(i);
  let unsyncedSeen = false;
  await net.clock.run(30_000, () => {
    const all = wals[0]!.crashCopy().replay().length;
    const durable = wals[0]!.crashCopy(false, true).replay().length;
    if (durable < all) unsyncedSeen = true;
    return net.drivers[0]!.state.height >= 6n;
  });
  assert.ok(net.drivers[0]!.state.height >= 6n, 'the chain advanced');
  assert.ok(checked >= 10, `own messages checked: ${checked}`);
  assert.equal(missing, 0, 'every own message was durable before it was sent');
  assert.ok(unsyncedSeen, 'peer inputs are not synced one by one');
});

test('driver WAL: after a process crash the written (unsynced) peer votes are replayed by the restarted driver', async () => {
  const wals = [0, 1, 2, 3].map(() => new MemoryWal());
  const net = driverNet({ wal: (i) => wals[i]! });
  for (let i = 0; i < 4; i++) await net.start(i);
  // Crash node 0 once its log ends in unsynced peer votes of the height it is deciding.
  const peerVotesInTail = () => {
    const all = wals[0]!.crashCopy().replay();
    const durable = wals[0]!.crashCopy(false, true).replay().length;
    return all
      .slice(durable)
      .map(decodeInput)
      .filter((i) => i.kind === 'vote' && i.vote.body.validator !== 0);
  };
  await net.clock.run(30_000, () => !net.drivers[0]!.engine.decided && peerVotesInTail().length > 0);
  const tail = peerVotesInTail();
  assert.ok(tail.length > 0, 'a peer vote was written and not yet synced');
  const height = net.drivers[0]!.engine.height;
  await net.restart(0, wals[0]!.crashCopy());
  const e = net.drivers[0]!.engine;
  assert.equal(e.height, height, 'the restarted driver resumes the height');
  for (const i of tail) {
    if (i.kind !== 'vote') continue;
    const b = i.vote.body;
    assert.ok(e.votes.get(b.round, b.type).byValidator.has(b.validator), 'the peer vote was replayed');
  }
  await net.clock.run(net.clock.now + 30_000, () => net.drivers[0]!.state.height >= height + 3n);
  assert.ok(net.drivers[0]!.state.height >= height + 3n, 'the restarted validator keeps deciding');
});
