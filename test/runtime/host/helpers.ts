/** Temporary bundles, a test host socket and python3 paths for the runtime/host tests. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BundleManifest,
  type ManifestInput,
  writeBundleManifest,
} from '../../../src/runtime/host/index.js';

/** The python the probes run under (standard library only). */
export const PYTHON = '/usr/bin/python3';

/** A fresh temporary directory. */
export function tempDir(prefix = 'tandem-host-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

let pyPaths: string[] | undefined;
/** What python3 needs besides its binary: its standard library and ctypes' extension module. */
export function pythonPaths(): string[] {
  pyPaths ??= JSON.parse(
    execFileSync(PYTHON, [
      '-c',
      'import json, sysconfig, _ctypes; print(json.dumps([sysconfig.get_paths()["stdlib"], _ctypes.__file__]))',
    ]).toString(),
  ) as string[];
  return pyPaths;
}

/** Manifest fields of a test bundle; `executable` defaults to `runtime`. */
export function manifestFields(over: Partial<ManifestInput> = {}): ManifestInput {
  return {
    id: `${'00'.repeat(8)}${'ab'.repeat(24)}`,
    name: 'test-runtime',
    version: { major: 1, minor: 2, patch: 3 },
    executable: 'runtime',
    ...over,
  };
}

/** Writes a bundle holding `script` as its executable and returns its directory and manifest. */
export async function makeBundle(
  script: string,
  over: Partial<ManifestInput> = {},
): Promise<{ dir: string; manifest: BundleManifest }> {
  const dir = join(tempDir('tandem-bundle-'), 'bundle');
  mkdirSync(dir);
  const fields = manifestFields(over);
  writeFileSync(join(dir, fields.executable), script);
  chmodSync(join(dir, fields.executable), 0o755);
  return { dir, manifest: await writeBundleManifest(dir, fields) };
}

/** A python bundle whose manifest declares what python3 needs. */
export function makePythonBundle(script: string): Promise<{ dir: string; manifest: BundleManifest }> {
  return makeBundle(script, { readOnlyPaths: pythonPaths() });
}

/** A unix socket server standing in for the host; collects the lines runtimes send. */
export interface TestHost {
  readonly path: string;
  readonly lines: string[];
  close(): Promise<void>;
}

/** Listens on a fresh socket path. */
export async function listenHost(): Promise<TestHost> {
  const path = join(tempDir('tandem-sock-'), 'host.sock');
  const lines: string[] = [];
  const server: Server = createServer((c) => {
    let buf = '';
    c.on('data', (d) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      lines.push(...parts);
    });
    c.on('error', () => {});
  });
  await new Promise<void>((res) => server.listen(path, res));
  server.unref(); // a failing test must not hang its file on an open listener
  return { path, lines, close: () => new Promise<void>((res) => server.close(() => res())) };
}

/** Env for spawned node children (the CA bundle costs ~50 ms per start here). */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** Pids of every descendant of `pid` (from /proc), for checking a whole tree is gone. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(e), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const [c, pp] of parent) {
      if (pp === p) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

/** True while `pid` exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls until none of `pids` is alive or `ms` pass; returns the survivors. */
export async function waitGone(pids: readonly number[], ms: number): Promise<number[]> {
  const end = Date.now() + ms;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() > end) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}
