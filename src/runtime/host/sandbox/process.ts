/**
 * Starting a child process and wrapping it as a {@link SpawnedRuntime}: stderr streamed by line,
 * one exit promise, an idempotent kill, and an optional blob written to fd 3 (the seccomp program).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { RuntimeExit, SpawnedRuntime } from '../provisioner.js';
import { SandboxError } from './errors.js';

/** Largest environment a runtime is given (entries). */
export const MAX_ENV_ENTRIES = 256;

/** Checks caller-supplied environment entries: POSIX names, no NUL, bounded. */
export function checkEnv(env: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Object.entries(env ?? {});
  if (entries.length > MAX_ENV_ENTRIES) {
    throw new SandboxError(SandboxError.BAD_ENV, `too many environment entries (${entries.length})`);
  }
  for (const [k, v] of entries) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || typeof v !== 'string' || v.includes('\0')) {
      throw new SandboxError(SandboxError.BAD_ENV, `bad environment entry ${JSON.stringify(k)}`);
    }
    out[k] = v;
  }
  return out;
}

/** How to start one process. */
export interface StartSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd: string;
  /** Bytes written to the child's fd 3 and then closed. */
  readonly fd3?: Uint8Array;
  /** Start in its own process group and kill the whole group. */
  readonly group?: boolean;
  readonly onStderr?: (line: string) => void;
}

function waitSpawned(child: ChildProcess, command: string): Promise<void> {
  return new Promise((res, rej) => {
    child.once('spawn', () => res());
    child.once('error', (e) =>
      rej(new SandboxError(SandboxError.SPAWN_FAILED, `cannot start ${command}: ${e.message}`)),
    );
  });
}

/** Starts the process; resolves once it is running. */
export async function startProcess(spec: StartSpec): Promise<SpawnedRuntime> {
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'ignore', 'pipe'];
  if (spec.fd3 !== undefined) stdio.push('pipe');
  const child = spawn(spec.command, spec.args, {
    stdio,
    env: spec.env,
    cwd: spec.cwd,
    detached: spec.group === true,
  });
  const exited = new Promise<RuntimeExit>((res) => {
    child.once('exit', (code, signal) => res({ code, signal }));
  });
  await waitSpawned(child, spec.command);
  const pid = child.pid as number;
  const fd3 = child.stdio[3] as NodeJS.WritableStream | null | undefined;
  if (spec.fd3 !== undefined && fd3) {
    fd3.on('error', () => {}); // the child may exit before reading; its exit is reported anyway
    fd3.end(Buffer.from(spec.fd3));
  }
  const stderr = child.stderr;
  if (stderr) {
    const lines = createInterface({ input: stderr, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (l) => spec.onStderr?.(l));
  }
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const kill = (): void => {
    if (done) return;
    try {
      if (spec.group === true) process.kill(-pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // already gone
    }
  };
  return { pid, exited, kill };
}
