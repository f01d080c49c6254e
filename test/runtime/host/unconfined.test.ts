// The unconfined provisioner: the explicit opt-out runs the executable directly with a cleared
// environment plus the host socket path, warns on every start, and kill() ends its process group.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryLogger } from '../../../src/common/index.js';
import { HOST_SOCKET_ENV, loadBundle, UnconfinedProvisioner } from '../../../src/runtime/host/index.js';
import { descendants, listenHost, makeBundle, waitGone } from './helpers.js';

const REPORT = `#!/usr/bin/env node
import net from 'node:net';
const s = net.connect(process.env.TANDEM_HOST_SOCKET, () => {
  s.end(JSON.stringify({ keys: Object.keys(process.env).sort(), sock: process.env.TANDEM_HOST_SOCKET, cwd: process.cwd() }) + '\\n');
});
console.error('started');
`;

test('RT-2 unconfined: the runtime gets only the socket path and its options env, and a warning is logged', async () => {
  const host = await listenHost();
  const { dir } = await makeBundle(REPORT, { executable: 'main.mjs' });
  const b = await loadBundle(dir);
  const log = new MemoryLogger();
  const p = new UnconfinedProvisioner(log);
  assert.equal(p.kind, 'unconfined');
  const lines: string[] = [];
  const rt = await p.spawn(b, {
    socketPath: host.path,
    env: { EXTRA: '1', [HOST_SOCKET_ENV]: 'ignored' },
    onStderr: (l) => lines.push(l),
  });
  assert.deepEqual(await rt.exited, { code: 0, signal: null });
  await host.close();
  assert.deepEqual(lines, ['started']);
  const got = JSON.parse(host.lines[0] ?? '{}') as { keys: string[]; sock: string; cwd: string };
  assert.deepEqual(got.keys, ['EXTRA', 'TANDEM_HOST_SOCKET']);
  assert.equal(got.sock, host.path);
  assert.equal(got.cwd, b.dir);
  const warn = log.records.find((r) => r.level === 'warn');
  assert.ok(warn);
  assert.match(warn.msg, /NOT confined/);
  assert.equal(warn.fields.runtime, b.manifest.id);
});

test('RT-2 unconfined: kill() ends the runtime and the processes it started', async (t) => {
  const host = await listenHost();
  const script = `#!/usr/bin/env node
import { spawn } from 'node:child_process';
spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.error('READY');
setInterval(() => {}, 1000);
`;
  const b = await loadBundle((await makeBundle(script, { executable: 'main.mjs' })).dir);
  let ready: () => void = () => {};
  const isReady = new Promise<void>((r) => (ready = r));
  const rt = await new UnconfinedProvisioner().spawn(b, {
    socketPath: host.path,
    onStderr: (l) => l === 'READY' && ready(),
  });
  t.after(() => rt.kill());
  await isReady;
  const tree = [rt.pid, ...descendants(rt.pid)];
  assert.equal(tree.length, 2);
  rt.kill();
  assert.equal((await rt.exited).signal, 'SIGKILL');
  assert.deepEqual(await waitGone(tree, 5000), []);
  await host.close();
});
