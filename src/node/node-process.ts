/**
 * A node running as a child process (`tandem node --config FILE`), its output appended to a log
 * file, in a process group of its own. The child gets an IPC channel and stops when it closes, so
 * nodes never outlive the process that started them. NODE_EXTRA_CA_CERTS is removed from the child's environment (it
 * costs every Node start time and nodes need no extra CAs). With `TANDEM_CPU_PROF_DIR` set in the
 * parent's environment and a Node executable as the command, each child writes V8 CPU profiles
 * into `<dir>/<name>/` when it exits, one per thread (the main thread's has thread id 0 in its
 * file name; the UED worker's and any other worker's follow): how the localnet benchmark's nodes
 * are profiled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { basename, join } from 'node:path';

/** How to start `tandem`: an executable and its first arguments (e.g. node and bin/tandem.js). */
export type TandemCommand = readonly [string, ...string[]];

/** How a child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One node process. */
export class NodeProcess {
  private child: ChildProcess | undefined;
  private ended: Promise<ChildExit> | undefined;

  constructor(
    readonly name: string,
    private readonly command: TandemCommand,
    readonly configPath: string,
    readonly logPath: string,
  ) {}

  /** True while the child runs. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Start the child (a no-op while it runs); `onExit` hears how it ended. */
  start(onExit?: (e: ChildExit) => void): void {
    if (this.running) return;
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const log = openSync(this.logPath, 'a');
    const [exe, ...pre] = this.command;
    const child = spawn(exe, [...profileArgs(exe, this.name), ...pre, 'node', '--config', this.configPath], {
      env,
      stdio: ['ignore', log, log, 'ipc'],
      // Its own process group: a terminal's Ctrl-C reaches only the parent, which stops each node
      // once (a node takes a second signal as "exit now").
      detached: true,
    });
    closeSync(log);
    this.child = child;
    this.ended = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const e = { code, signal };
        onExit?.(e);
        resolve(e);
      });
    });
    // The IPC channel is only a lifeline; it carries no messages.
    child.on('error', () => {});
    child.channel?.unref();
  }

  /** Send `signal` and wait for the exit (SIGKILL after `graceMs` if it has not ended). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<ChildExit | undefined> {
    const child = this.child;
    if (child === undefined || !this.running) return this.ended && (await this.ended);
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await this.ended!;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Wait for the child to end on its own. */
  exited(): Promise<ChildExit> | undefined {
    return this.ended;
  }
}

/** Node flags writing a CPU profile of child `name` (TANDEM_CPU_PROF_DIR), or none. */
export function profileArgs(exe: string, name: string): string[] {
  const dir = process.env.TANDEM_CPU_PROF_DIR;
  // --cpu-prof is not accepted in NODE_OPTIONS, so it must be an argument of node itself. No
  // --cpu-prof-name: worker threads inherit it and would overwrite the main thread's profile.
  if (!dir || !/^node(\.exe)?$/.test(basename(exe))) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`];
}

/** The committed height a node reports on its metrics endpoint, or undefined if unreachable. */
export async function scrapeHeight(metricsUrl: string, timeoutMs = 5000): Promise<bigint | undefined> {
  try {
    const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const m = /^tandem_height (\d+)$/m.exec(await res.text());
    return m ? BigInt(m[1]!) : undefined;
  } catch {
    return undefined;
  }
}
