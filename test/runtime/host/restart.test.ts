import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  HostError,
  type HostEvent,
  type RuntimeBundle,
  RuntimeHost,
} from '../../../src/runtime/host/index.js';
import { FakeTimers } from '../../helpers/fake-timers.js';
import { inProcessProvisioner } from '../../helpers/inproc-provisioner.js';

const BUNDLE: RuntimeBundle = {
  dir: '/nonexistent',
  executable: '/nonexistent/rt',
  manifest: {
    id: '11'.repeat(32),
    name: 'inproc',
    version: { major: 1, minor: 0, patch: 0 },
    executable: 'rt',
    checksum: '',
  },
};

function setup(over: { stableAfterMs?: number; giveUpAfterMs?: number } = {}) {
  const timers = new FakeTimers();
  const { provisioner, started } = inProcessProvisioner();
  const events: HostEvent[] = [];
  const host = new RuntimeHost({
    provisioner,
    timers,
    consensus: {
      consensus_backend: 't',
      consensus_protocol_version: { major: 1, minor: 0, patch: 0 },
      consensus_chain_context: '',
    },
    ...over,
  });
  host.on((e) => events.push(e));
  return { timers, host, events, started };
}

/** Let real I/O (sockets) settle without moving fake time. */
async function settle(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
  assert.ok(cond(), 'condition not reached');
}

const delays = (events: HostEvent[]) => events.flatMap((e) => (e.type === 'restarting' ? [e.delayMs] : []));

test('host restarts: default backoff 1 s, 2 s, 4 s … in fake time; no restart before the delay', async () => {
  const { timers, host, events, started } = setup();
  await host.start(BUNDLE);
  for (let i = 0; i < 4; i++) {
    started.at(-1)!.kill();
    await settle(() => host.state === 'restarting' && delays(events).length === i + 1);
    const d = delays(events)[i]!;
    await timers.advance(d - 1);
    assert.equal(host.state, 'restarting', 'not before the delay');
    await timers.advance(1);
    await settle(() => host.state === 'ready');
  }
  assert.deepStrictEqual(delays(events), [1000, 2000, 4000, 8000]);
  const crashed = events.filter((e) => e.type === 'crashed') as Extract<HostEvent, { type: 'crashed' }>[];
  assert.ok(
    crashed.every(
      (e) => e.reason.code === HostError.PROCESS_EXITED || e.reason.code === HostError.CONNECTION_LOST,
    ),
  );
  await host.stop();
});

test('host restarts: a stable run resets the backoff', async () => {
  const { timers, host, events, started } = setup({ stableAfterMs: 10_000 });
  await host.start(BUNDLE);
  started.at(-1)!.kill();
  await settle(() => delays(events).length === 1);
  await timers.advance(1000);
  await settle(() => host.state === 'ready');
  await timers.advance(10_000); // stable
  started.at(-1)!.kill();
  await settle(() => delays(events).length === 2);
  assert.deepStrictEqual(delays(events), [1000, 1000]);
  await host.stop();
});

test('host restarts: gives up after failing without a stable run for too long', async () => {
  const { timers, host, events, started } = setup({ giveUpAfterMs: 2500 });
  await host.start(BUNDLE);
  for (let i = 0; host.state !== 'stopped' && i < 10; i++) {
    started.at(-1)!.kill();
    await settle(() => host.state !== 'ready');
    const n = delays(events).length;
    if ((host.state as string) === 'stopped') break;
    await timers.advance(delays(events)[n - 1]!);
    await settle(() => host.state === 'ready' || host.state === 'stopped');
  }
  assert.equal(host.state as string, 'stopped');
  const last = events.filter((e) => e.type === 'crashed').at(-1) as Extract<HostEvent, { type: 'crashed' }>;
  assert.equal(last.reason.code, HostError.GAVE_UP);
  assert.equal(events.at(-1)?.type, 'stopped');
});
