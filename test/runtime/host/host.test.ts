import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fromUtf8, utf8 } from '../../../src/common/index.js';
import {
  HostError,
  type HostEvent,
  type RuntimeBundle,
  RuntimeHost,
  type RuntimeHostOptions,
} from '../../../src/runtime/host/index.js';
import type { RuntimeQueryRequest } from '../../../src/runtime/rhp/index.js';
import { nodeProvisioner } from '../../helpers/node-provisioner.js';

const fixture = new URL('../../fixtures/rhp-echo-runtime.js', import.meta.url).pathname;
const BUNDLE: RuntimeBundle = {
  dir: '/nonexistent',
  executable: fixture,
  manifest: {
    id: '00'.repeat(32),
    name: 'echo',
    version: { major: 1, minor: 0, patch: 0 },
    executable: 'x',
    checksum: '',
  },
};

function makeHost(env: Record<string, string> = {}, over: Partial<RuntimeHostOptions> = {}) {
  const events: HostEvent[] = [];
  const host = new RuntimeHost({
    provisioner: nodeProvisioner,
    consensus: {
      consensus_backend: 'tandem',
      consensus_protocol_version: { major: 1, minor: 0, patch: 0 },
      consensus_chain_context: 'test',
    },
    env,
    handshakeTimeoutMs: 3000,
    backoff: { initialMs: 50, maxMs: 400 },
    watchdog: { intervalMs: 10_000, timeoutMs: 2000 },
    handler: (b) => ({ HostLocalStorageGetResponse: { value: b.HostLocalStorageGetRequest!.key } }),
    ...over,
  });
  host.on((e) => events.push(e));
  return { host, events };
}

function queryOf(method: string, args: Uint8Array = new Uint8Array(0)): RuntimeQueryRequest {
  const h = new Uint8Array(32);
  const header = {
    version: 0,
    namespace: h,
    round: 1n,
    timestamp: 0n,
    header_type: 1,
    previous_hash: h,
    io_root: h,
    state_root: h,
    messages_hash: h,
    in_msgs_hash: h,
  };
  return {
    consensus_block: { height: 1n, meta: new Uint8Array(0) },
    header,
    epoch: 0n,
    max_messages: 0,
    method,
    args,
  };
}

/** Resolves at the first event of `type` after `from` events were seen. */
function waitEvent(events: HostEvent[], type: HostEvent['type'], from = 0, ms = 8000): Promise<HostEvent> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const e = events.slice(from).find((x) => x.type === type);
      if (e) return resolve(e);
      if (Date.now() - t0 > ms) return reject(new Error(`no ${type} event: ${events.map((x) => x.type)}`));
      setTimeout(poll, 5);
    };
    poll();
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 10));
  return !alive(pid);
}

test('host (RT-2): handshake, calls both ways, stop kills the process and removes the socket', async () => {
  const { host, events } = makeHost();
  const info = await host.start(BUNDLE);
  assert.deepStrictEqual(info.runtime_version, { major: 1, minor: 0, patch: 0 });
  assert.equal(host.state, 'ready');
  assert.deepStrictEqual(
    events.map((e) => e.type),
    ['started', 'ready'],
  );
  const dir = host.runtimeDir!;
  const socket = host.socketPath!;
  assert.ok(existsSync(dir));
  assert.ok(
    !existsSync(socket),
    'the socket stops listening once the runtime connected (one connection only)',
  );
  const echo = await host.request('RuntimeQueryRequest', queryOf('echo', utf8('hi')));
  assert.equal(fromUtf8(echo.data), 'hi');
  const viaHost = await host.request('RuntimeQueryRequest', queryOf('storage', utf8('key')));
  assert.equal(fromUtf8(viaHost.data), 'key');
  const pid = host.pid!;
  await host.stop();
  assert.equal(host.state, 'stopped');
  assert.equal(events.at(-1)?.type, 'stopped');
  assert.ok(!existsSync(socket) && !existsSync(dir), 'socket and runtime dir removed');
  assert.ok(await gone(pid), 'process is gone');
  await assert.rejects(host.call({ RuntimePingRequest: {} }), (e) =>
    HostError.is(e, 'host', HostError.NOT_READY),
  );
  await assert.rejects(host.start(BUNDLE), (e) => HostError.is(e, 'host', HostError.ALREADY_STARTED));
});

test('host: a runtime that never answers the handshake fails start with HANDSHAKE_TIMEOUT', async () => {
  const { host, events } = makeHost({ RHP_ECHO_NO_HANDSHAKE: '1' }, { handshakeTimeoutMs: 300 });
  await assert.rejects(host.start(BUNDLE), (e) => HostError.is(e, 'host', HostError.HANDSHAKE_TIMEOUT));
  assert.equal(host.state, 'stopped');
  const started = events.find((e) => e.type === 'started') as { pid: number };
  assert.ok(await gone(started.pid), 'process killed');
  assert.ok(!existsSync(host.runtimeDir!));
});

test('host: a runtime version other than the manifest fails the handshake', async () => {
  const { host } = makeHost({ RHP_ECHO_VERSION: '1.0.1' });
  await assert.rejects(host.start(BUNDLE), (e) => HostError.is(e, 'host', HostError.RUNTIME_VERSION));
});

test('host: an RHP major version other than the host one fails the handshake', async () => {
  const { host } = makeHost({ RHP_ECHO_PROTOCOL_MAJOR: '4' });
  await assert.rejects(host.start(BUNDLE), (e) => HostError.is(e, 'host', HostError.PROTOCOL_VERSION));
});

test('host: a crashing runtime is restarted with exponential backoff', async () => {
  const { host, events } = makeHost({ RHP_ECHO_CRASH_AFTER: '3' });
  await host.start(BUNDLE);
  const delays: number[] = [];
  for (let round = 0; round < 2; round++) {
    const pid = host.pid!;
    const from = events.length;
    await host.request('RuntimeQueryRequest', queryOf('echo'));
    await assert.rejects(host.request('RuntimeQueryRequest', queryOf('echo')));
    const crashed = (await waitEvent(events, 'crashed', from)) as Extract<HostEvent, { type: 'crashed' }>;
    assert.ok([HostError.PROCESS_EXITED, HostError.CONNECTION_LOST].includes(crashed.reason.code));
    delays.push(
      ((await waitEvent(events, 'restarting', from)) as Extract<HostEvent, { type: 'restarting' }>).delayMs,
    );
    await waitEvent(events, 'ready', from);
    assert.notEqual(host.pid, pid, 'a new process');
  }
  assert.deepStrictEqual(delays, [50, 100]);
  await host.stop();
});

test('host: a runtime that breaks the protocol is restarted', async () => {
  const { host, events } = makeHost({ RHP_ECHO_GARBAGE_AT: '2' });
  await host.start(BUNDLE);
  const pid = host.pid!;
  await assert.rejects(host.request('RuntimeQueryRequest', queryOf('echo')));
  const crashed = (await waitEvent(events, 'crashed')) as Extract<HostEvent, { type: 'crashed' }>;
  assert.equal(crashed.reason.code, HostError.CONNECTION_LOST);
  assert.match(crashed.reason.message, /protocol error/);
  await waitEvent(events, 'ready', events.indexOf(crashed));
  assert.notEqual(host.pid, pid);
  assert.ok(await gone(pid));
  await host.stop();
});

test('host: missed watchdog pings restart the runtime', async () => {
  const { host, events } = makeHost(
    { RHP_ECHO_MUTE_PINGS_AFTER: '1' },
    { watchdog: { intervalMs: 50, timeoutMs: 150 } },
  );
  await host.start(BUNDLE);
  const pid = host.pid!;
  const crashed = (await waitEvent(events, 'crashed')) as Extract<HostEvent, { type: 'crashed' }>;
  assert.equal(crashed.reason.code, HostError.PING_TIMEOUT);
  await waitEvent(events, 'ready', events.indexOf(crashed));
  assert.notEqual(host.pid, pid);
  assert.ok(await gone(pid));
  await host.stop();
});

test('host: an answered abort keeps the process; an unanswered or forced one restarts it', async () => {
  const ok = makeHost();
  await ok.host.start(BUNDLE);
  const pid = ok.host.pid;
  await ok.host.abort();
  assert.equal(ok.host.pid, pid);
  assert.equal(ok.host.state, 'ready');
  await ok.host.abort({ force: true });
  await waitEvent(ok.events, 'ready', 2);
  assert.notEqual(ok.host.pid, pid);
  await ok.host.stop();

  const { host, events } = makeHost({ RHP_ECHO_IGNORE_ABORT: '1' }, { abortTimeoutMs: 100 });
  await host.start(BUNDLE);
  const pid2 = host.pid!;
  await host.abort();
  const crashed = (await waitEvent(events, 'crashed')) as Extract<HostEvent, { type: 'crashed' }>;
  assert.equal(crashed.reason.code, HostError.ABORT_FAILED);
  assert.ok(await gone(pid2), 'killed');
  await waitEvent(events, 'ready', 2);
  await host.stop();
});

test('host: stop kills a runtime that ignores the shutdown request', async () => {
  const { host } = makeHost({ RHP_ECHO_IGNORE_SHUTDOWN: '1' }, { shutdownTimeoutMs: 100 });
  await host.start(BUNDLE);
  const pid = host.pid!;
  const dir = host.runtimeDir!;
  await host.stop();
  assert.ok(await gone(pid));
  assert.ok(!existsSync(dir));
});
