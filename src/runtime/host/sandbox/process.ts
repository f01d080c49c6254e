/**
 * Starting a child process and wrapping it as a {@link SpawnedRuntime}: stderr streamed by line,
 * one exit promise, an idempotent kill, and an optional blob written to fd 3 (the seccomp program).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import type { RuntimeExit, SpawnedRuntime } from '../provisioner.js';
import { SandboxError } from './errors.js';

/** Longest stderr line passed on; longer ones are cut (a runtime must not grow the host's memory). */
export const MAX_STDERR_LINE = 16 * 1024;

/** Splits a stream into lines of at most {@link MAX_STDERR_LINE} characters. */
function streamLines(input: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buf = '';
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    buf += chunk;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      onLine(buf.slice(0, Math.min(nl, MAX_STDERR_LINE)).replace(/\r$/, ''));
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
    }
    if (buf.length > MAX_STDERR_LINE) {
      onLine(`${buf.slice(0, MAX_STDERR_LINE)} [cut]`);
      buf = '';
    }
  });
  input.on('end', () => {
    if (buf !== '') onLine(buf.slice(0, MAX_STDERR_LINE));
  });
}

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

/** Highest inherited descriptor number we are willing to mask (the stdio array grows to it). */
const MAX_MASKED_FD = 4096;
const O_CLOEXEC = 0o2000000;

/**
 * Descriptors above 2 this process holds without close-on-exec (inherited from whoever started
 * the node). Children would inherit them, and bwrap passes them into the sandbox: a channel out.
 */
export function leakingFds(): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc/self/fd')) {
    const fd = Number(e);
    if (fd <= 2) continue;
    try {
      const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
      if (flags !== undefined && (Number.parseInt(flags, 8) & O_CLOEXEC) === 0) out.push(fd);
    } catch {
      // the fd used to list the directory, or one closed meanwhile
    }
  }
  return out;
}

/** The child's stdio: fd 2 piped, fd 3 piped if asked, every leaking fd replaced by /dev/null. */
function stdioFor(spec: StartSpec, devNull: number): Array<'ignore' | 'pipe' | number> {
  const stdio: Array<'ignore' | 'pipe' | number> = ['ignore', 'ignore', 'pipe'];
  if (spec.fd3 !== undefined) stdio.push('pipe');
  for (const fd of leakingFds()) {
    if (fd < stdio.length || fd === devNull) continue;
    if (fd > MAX_MASKED_FD) {
      throw new SandboxError(
        SandboxError.SPAWN_FAILED,
        `inherited fd ${fd} is not close-on-exec; refusing to start`,
      );
    }
    while (stdio.length < fd) stdio.push('ignore');
    stdio.push(devNull);
  }
  return stdio;
}

/** Starts the process; resolves once it is running. */
export async function startProcess(spec: StartSpec): Promise<SpawnedRuntime> {
  const devNull = openSync('/dev/null', 'r');
  let child: ChildProcess;
  try {
    const stdio = stdioFor(spec, devNull);
    child = spawn(spec.command, spec.args, {
      stdio,
      env: spec.env,
      cwd: spec.cwd,
      detached: spec.group === true,
    });
  } finally {
    closeSync(devNull);
  }
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
  if (child.stderr) streamLines(child.stderr, (l) => spec.onStderr?.(l));
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
