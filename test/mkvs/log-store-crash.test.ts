// A child appending to the state log (without waiting, with snapshots) is killed with SIGKILL at
// random points, many times: the store always reopens and restores, to at least the last version
// the child saw durable, through roots that all check out.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { StateLogStore } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';
import { storeDir, TreeTarget } from '../helpers/state-log.js';

const child = new URL('../fixtures/state-log-crash-child.js', import.meta.url).pathname;

function runAndKill(dir: string, seed: number, afterMs: number): Promise<string[]> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const p = spawn(process.execPath, [child, dir, String(seed)], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    let timer: NodeJS.Timeout | undefined;
    p.stdout.once('data', () => (timer = setTimeout(() => p.kill('SIGKILL'), afterMs)));
    p.on('exit', () => {
      clearTimeout(timer);
      resolve(out.split('\n').filter((l) => l.startsWith('durable ')));
    });
  });
}

test('state log crash safety: SIGKILL mid-append or mid-snapshot never loses a durable version', async () => {
  const dir = storeDir();
  const r = new Rng(4321);
  let durable = -1n;
  const kills = 12;
  for (let i = 0; i < kills; i++) {
    const lines = await runAndKill(dir, 200 + i, 5 + r.int(150));
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
