// One incarnation of the validator child process, seen from the test: spawned on its data dir,
// its stdout split into lines for the network, its stdin fed with peers' messages, killed with
// SIGKILL. Writes to a dead child are dropped, as a network drops packets to a crashed host.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const childPath = new URL('../../fixtures/bft-validator-child.js', import.meta.url).pathname;

/** What the child printed when it had started. */
export interface ReplayLine {
  incarnation: number;
  records: number;
  height: bigint;
}

/** A running incarnation of the validator child. */
export class CrashChild {
  /** Resolves with the `replayed` line once started, or undefined if it died first. */
  readonly ready: Promise<ReplayLine | undefined>;
  /** Resolves once the process is gone and its stdout fully read. */
  readonly closed: Promise<void>;
  /** What it wrote to stderr (bounded; diagnostics such as ignored input lines). */
  stderr = '';
  private alive = true;
  private readonly p: ChildProcessByStdio<Writable, Readable, Readable>;

  constructor(
    readonly incarnation: number,
    args: string[],
    onLine: (line: string, incarnation: number) => void,
  ) {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    this.p = spawn(process.execPath, [childPath, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.p.stdin.on('error', () => {}); // EPIPE after a kill: the message is lost, as on a network
    this.p.stderr.on('data', (d: Buffer) => {
      if (this.stderr.length < 64 * 1024) this.stderr += d.toString('utf8');
    });
    const lines = createInterface({ input: this.p.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    let started: (r: ReplayLine | undefined) => void = () => {};
    this.ready = new Promise((res) => (started = res));
    lines.on('line', (line) => {
      const m = /^replayed (\d+) (\d+)$/.exec(line);
      if (m) started({ incarnation, records: Number(m[1]), height: BigInt(m[2]!) });
      onLine(line, incarnation);
    });
    this.closed = new Promise((res) =>
      this.p.on('close', () => {
        this.alive = false;
        started(undefined);
        res();
      }),
    );
  }

  /** Deliver a protocol line to the child's stdin (dropped if it is dead). */
  write(line: string): void {
    if (this.alive && this.p.stdin.writable) this.p.stdin.write(line);
  }

  /** SIGKILL, and wait until every line it printed has been handled. */
  async kill(): Promise<void> {
    this.alive = false;
    this.p.kill('SIGKILL');
    await this.closed;
  }
}
