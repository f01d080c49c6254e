// The bubblewrap + seccomp sandbox (RT-2), exercised with real python3 and node runtimes: the
// only way out is the host's unix socket; the host's files, processes and network stay out of
// reach; the kernel interfaces the filter names answer EPERM; the sandbox dies with its host.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { EMPTY_HASH_HEX } from '../../../src/common/index.js';
import {
  loadBundle,
  MAX_STDERR_LINE,
  type RuntimeBundle,
  SandboxError,
  SandboxProvisioner,
  SECCOMP_TABLES,
  type SpawnOptions,
  writeBundleManifest,
} from '../../../src/runtime/host/index.js';
import { repoRoot } from '../../helpers/paths.js';
import {
  childEnv,
  descendants,
  listenHost,
  makeBundle,
  makePythonBundle,
  manifestFields,
  tempDir,
  waitGone,
} from './helpers.js';
import { LONG_LINE_PY, PROBE_PY, SLEEP_PY } from './probe.js';

const EPERM = 1;
const ENOENT = 2;
const EROFS = 30;
const ENOSYS = 38;

/** Runs a bundle to completion and returns its stderr lines. */
async function runToEnd(p: SandboxProvisioner, b: RuntimeBundle, opts: SpawnOptions): Promise<string[]> {
  const lines: string[] = [];
  const rt = await p.spawn(b, { ...opts, onStderr: (l) => lines.push(l) });
  const exit = await rt.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, lines.join('\n'));
  await new Promise((r) => setTimeout(r, 20)); // let the last stderr lines drain
  return lines;
}

function syscallNumbers(): Record<string, number> {
  const t = process.arch === 'arm64' ? SECCOMP_TABLES[1] : SECCOMP_TABLES[0];
  if (t === undefined) throw new Error('no table');
  const nr: Record<string, number> = { ...t.denied, clone: t.clone, clone3: t.clone3 };
  nr.getpid = process.arch === 'arm64' ? 172 : 39;
  if (t.x32Bit !== undefined) nr.x32 = t.x32Bit | 39;
  return nr;
}

test('RT-2 sandbox: a runtime reaches only the host socket; files, processes, network and kernel interfaces stay out of reach', async () => {
  const host = await listenHost();
  const data = join(tempDir('tandem-data-'), 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'secret'), 'node key');
  const b = await loadBundle((await makePythonBundle(PROBE_PY)).dir);
  const env = {
    PROBE_NR: JSON.stringify(syscallNumbers()),
    PROBE_HOME: homedir(),
    PROBE_DATA: join(data, 'secret'),
  };
  const lines = await runToEnd(new SandboxProvisioner({ protectedDirs: [data] }), b, {
    socketPath: host.path,
    env,
  });
  await host.close();
  const line = lines.find((l) => l.startsWith('PROBE '));
  assert.ok(line, lines.join('\n'));
  const r = JSON.parse(line.slice(6)) as Record<string, unknown>;
  // Network: no socket but AF_UNIX; the host's socket works.
  for (const k of ['tcp', 'udp', 'tcp6', 'netlink', 'socketpair_inet']) assert.equal(r[k], EPERM, k);
  assert.equal(r.socketpair_unix, 0);
  assert.equal(r.host_socket, 0);
  assert.deepEqual(host.lines, ['hello from the sandbox']);
  // Files: the host's home and data dir are not there; only /tmp is writable.
  assert.equal(r.read_home, ENOENT);
  assert.equal(r.read_data, ENOENT);
  for (const k of ['write_root', 'write_bundle', 'write_usr']) assert.equal(r[k], EROFS, k);
  assert.equal(r.write_tmp, 0);
  // Processes: its own pid namespace (bwrap's init and itself), its own hostname, a cleared env
  // (bwrap itself adds only PWD=/ after --chdir).
  assert.deepEqual(r.pids, [1, 2]);
  // Beyond stdio nothing open leads anywhere: the seccomp pipe was closed by bwrap, and fds the
  // node inherited without close-on-exec arrive as /dev/null.
  const fds = Object.entries(r.fds as Record<string, string>).filter(([fd]) => Number(fd) > 2);
  for (const [fd, target] of fds) assert.equal(target, '/dev/null', `fd ${fd}`);
  assert.equal(r.hostname, 'tandem');
  assert.deepEqual(r.env, ['PROBE_DATA', 'PROBE_HOME', 'PROBE_NR', 'PWD', 'TANDEM_HOST_SOCKET']);
  // Kernel interfaces the seccomp filter refuses (without it most would not answer EPERM).
  const denied = ['ptrace', 'mount', 'umount2', 'bpf', 'keyctl', 'add_key', 'userfaultfd', 'perf_event_open'];
  denied.push('process_vm_readv', 'unshare', 'setns', 'io_uring_setup', 'clone_newns');
  if ('x32' in r) denied.push('x32');
  for (const k of denied) assert.equal(r[k], EPERM, k);
  assert.equal(r.clone3, ENOSYS);
  // Ordinary things still work: syscalls, fork (plain clone), threads.
  assert.equal(r.getpid, 0);
  assert.equal(r.fork, 7);
  assert.equal(r.thread, 1);
});

test('RT-2 sandbox: a node runtime importing the Tandem SDK runs with only its env and the socket', async () => {
  const host = await listenHost();
  const script = `#!/usr/bin/env node
import net from 'node:net';
import { EMPTY_HASH_HEX } from 'tandem/dist/src/common/index.js';
console.error('ENV ' + Object.keys(process.env).sort().join(','));
const s = net.connect(process.env.TANDEM_HOST_SOCKET, () => s.end(EMPTY_HASH_HEX + '\\n'));
`;
  const b = await loadBundle((await makeBundle(script, { executable: 'main.mjs', tandemSdk: true })).dir);
  const lines = await runToEnd(new SandboxProvisioner(), b, { socketPath: host.path, env: { EXTRA: 'x' } });
  await host.close();
  assert.ok(lines.includes('ENV EXTRA,PWD,TANDEM_HOST_SOCKET'), lines.join('\n'));
  assert.deepEqual(host.lines, [EMPTY_HASH_HEX]);
});

test('RT-2 sandbox: stderr lines reach onStderr, an endless line cut to a bound', async () => {
  const host = await listenHost();
  const b = await loadBundle((await makePythonBundle(LONG_LINE_PY)).dir);
  const lines = await runToEnd(new SandboxProvisioner(), b, { socketPath: host.path });
  await host.close();
  assert.ok(lines.every((l) => l.length <= MAX_STDERR_LINE + 6));
  assert.equal(lines.at(-1), 'short');
  assert.ok(lines.length >= 2);
});

test('RT-2 sandbox: without bubblewrap the provisioner refuses with the install command', async () => {
  const b = await loadBundle((await makePythonBundle(SLEEP_PY)).dir);
  const p = new SandboxProvisioner({ bwrapPath: '/nonexistent/bin/bwrap' });
  await assert.rejects(p.spawn(b, { socketPath: '/nonexistent.sock' }), (e: unknown) => {
    assert.ok(SandboxError.is(e, 'sandbox', SandboxError.BWRAP_MISSING));
    assert.match((e as Error).message, /install bubblewrap \(Debian: apt-get install -y bubblewrap\)/);
    return true;
  });
});

test('RT-2 sandbox: declared paths holding the home, a protected dir or host kernel filesystems are refused', async () => {
  const host = await listenHost();
  const data = join(tempDir('tandem-data-'), 'data');
  mkdirSync(data);
  const p = new SandboxProvisioner({ protectedDirs: [data] });
  for (const path of [
    homedir(),
    dirname(homedir()),
    '/',
    '/proc',
    '/proc/self',
    '/sys/kernel',
    dirname(data),
  ]) {
    const b = await loadBundle((await makeBundle(SLEEP_PY, { readOnlyPaths: [path] })).dir);
    await assert.rejects(p.spawn(b, { socketPath: host.path }), (e: unknown) => {
      assert.ok(SandboxError.is(e, 'sandbox', SandboxError.BIND_REFUSED), `${path}: ${String(e)}`);
      return true;
    });
  }
  await host.close();
});

test('RT-2 sandbox: a tampered executable, a bad env entry or an unusable interpreter stop the start', async () => {
  const host = await listenHost();
  const p = new SandboxProvisioner();
  const { dir } = await makePythonBundle(SLEEP_PY);
  const b = await loadBundle(dir);
  const bad = (code: number) => (e: unknown) => SandboxError.is(e, 'sandbox', code);
  await assert.rejects(p.spawn(b, { socketPath: host.path, env: { 'A=B': '1' } }), bad(SandboxError.BAD_ENV));
  await assert.rejects(p.spawn(b, { socketPath: host.path, env: { A: 'x\0y' } }), bad(SandboxError.BAD_ENV));
  writeFileSync(join(dir, 'runtime'), `${SLEEP_PY}# tampered\n`);
  await assert.rejects(p.spawn(b, { socketPath: host.path }), bad(SandboxError.CHECKSUM_MISMATCH));
  const text = await loadBundle((await makeBundle('just text\n')).dir);
  await assert.rejects(p.spawn(text, { socketPath: host.path }), /neither an ELF binary nor a #! script/);
  const shim = await loadBundle((await makeBundle(SLEEP_PY, { interpreter: '/usr/bin/ldd' })).dir);
  await assert.rejects(p.spawn(shim, { socketPath: host.path }), /not an ELF binary/);
  await host.close();
});

test('RT-2 sandbox: an ELF runtime runs with the libraries it links', async () => {
  const host = await listenHost();
  const p = new SandboxProvisioner();
  for (const [bin, code] of [
    ['/bin/true', 0],
    ['/bin/false', 1],
  ] as const) {
    const { dir } = await makeBundle(readFileSync(bin).toString('latin1'));
    writeFileSync(join(dir, 'runtime'), readFileSync(bin));
    await writeBundleManifest(dir, manifestFields());
    const rt = await p.spawn(await loadBundle(dir), { socketPath: host.path });
    assert.deepEqual(await rt.exited, { code, signal: null }, bin);
  }
  await host.close();
});

test('RT-2 sandbox: kill() ends the sandbox and everything in it', async (t) => {
  const host = await listenHost();
  const b = await loadBundle((await makePythonBundle(SLEEP_PY)).dir);
  let ready: () => void = () => {};
  const isReady = new Promise<void>((r) => (ready = r));
  const rt = await new SandboxProvisioner().spawn(b, {
    socketPath: host.path,
    onStderr: (l) => l === 'READY' && ready(),
  });
  t.after(() => rt.kill());
  await isReady;
  const tree = [rt.pid, ...descendants(rt.pid)];
  assert.ok(tree.length >= 2, `sandbox tree ${tree}`);
  rt.kill();
  rt.kill();
  assert.equal((await rt.exited).signal, 'SIGKILL');
  assert.deepEqual(await waitGone(tree, 5000), []);
  await host.close();
});

test('RT-2 sandbox: the runtime dies when the process that started it is SIGKILLed', async (t) => {
  const host = await listenHost();
  const { dir } = await makePythonBundle(SLEEP_PY);
  const parentJs = join(repoRoot, 'dist', 'test', 'fixtures', 'sandbox-parent.js');
  const parent = spawn(process.execPath, [parentJs, dir, host.path], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => parent.kill('SIGKILL'));
  const pid = await new Promise<number>((res, rej) => {
    let out = '';
    parent.stdout.on('data', (d) => {
      out += d;
      const m = /PID (\d+)/.exec(out);
      if (m) res(Number(m[1]));
    });
    parent.once('exit', (c) => rej(new Error(`parent exited ${c}`)));
  });
  const tree = [pid, ...descendants(pid)];
  assert.ok(tree.length >= 2, `sandbox tree ${tree}`);
  parent.kill('SIGKILL');
  assert.deepEqual(await waitGone(tree, 5000), []);
  await host.close();
});
