// A child appending to the state log (without waiting, with snapshots) is killed with SIGKILL at
// random points, many times: the store always reopens and restores, to at least the last version
// the child saw durable, through roots that all check out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { StateLogStore } from '../../src/mkvs/index.js';
import { runAndKill } from '../helpers/kill-child.js';
import { Rng } from '../helpers/rng.js';
import { storeDir, TreeTarget } from '../helpers/state-log.js';

const child = new URL('../fixtures/state-log-crash-child.js', import.meta.url).pathname;

test('state log crash safety: SIGKILL mid-append or mid-snapshot never loses a durable version', async () => {
  const dir = storeDir();
  const r = new Rng(4321);
  let durable = -1n;
  const kills = 12;
  for (let i = 0; i < kills; i++) {
    const lines = await runAndKill(child, [dir, String(200 + i)], 5 + r.int(150), 'durable ');
    const last = lines.at(-1)?.split(' ');
    const printed = last ? BigInt(last[1]!) : durable;
    const store = await StateLogStore.open(dir);
    const reached = await store.restore(new TreeTarget());
    assert.ok(reached, 'the store restores');
    assert.ok(reached.version >= printed, `restored ${reached.version}, last durable ${printed}`);
    if (last && reached.version === printed) assert.equal(toHex(reached.root), last[2]);
    durable = reached.version;
    await store.close();
  }
  assert.ok(durable >= BigInt(kills), 'the child made progress across restarts');
});
