/**
 * One runtime instance: a unix socket in the runtime dir, the process started by the
 * provisioner, exactly one accepted connection and a completed handshake. Any failure on the
 * way kills the process and closes the socket before the error is thrown.
 */
import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import {
  Connection,
  type RequestHandler,
  type RuntimeInfoResponse,
  type TimerHandle,
  type Timers,
} from '../rhp/index.js';
import { HostError } from './errors.js';
import { type ConsensusInfo, handshakeRuntime } from './handshake.js';
import { HOST_SOCKET_ENV, type Provisioner, type RuntimeBundle, type SpawnedRuntime } from './provisioner.js';

/** A connected, handshaken runtime. */
export interface RuntimeInstance {
  readonly proc: SpawnedRuntime;
  readonly conn: Connection;
  readonly info: RuntimeInfoResponse;
}

/** What one launch needs. */
export interface LaunchParams {
  readonly provisioner: Provisioner;
  readonly bundle: RuntimeBundle;
  readonly socketPath: string;
  readonly timers: Timers;
  readonly consensus: ConsensusInfo;
  readonly handler: RequestHandler;
  readonly connectTimeoutMs: number;
  readonly handshakeTimeoutMs: number;
  readonly env?: Readonly<Record<string, string>>;
  readonly onStderr?: (line: string) => void;
  /** Called as soon as the process exists (before it connects). */
  readonly onSpawned?: (proc: SpawnedRuntime) => void;
}

function listen(socketPath: string): Promise<Server> {
  rmSync(socketPath, { force: true });
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e) =>
      reject(new HostError(HostError.START_FAILED, `listen ${socketPath}: ${e.message}`)),
    );
    server.listen(socketPath, () => resolve(server));
  });
}

/** The first connection, or an error if the process exits or the deadline passes first. */
function acceptOne(server: Server, proc: SpawnedRuntime, timers: Timers, ms: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    let timer: TimerHandle | undefined;
    const done = (f: () => void) => {
      if (timer === undefined) return;
      timers.clearTimeout(timer);
      timer = undefined;
      f();
    };
    timer = timers.setTimeout(
      () =>
        done(() =>
          reject(new HostError(HostError.CONNECT_TIMEOUT, `runtime did not connect within ${ms} ms`)),
        ),
      ms,
    );
    server.once('connection', (s) => done(() => resolve(s)));
    void proc.exited.then((x) =>
      done(() =>
        reject(new HostError(HostError.PROCESS_EXITED, `runtime exited before connecting`, { ...x })),
      ),
    );
  });
}

/** Stop accepting: a second connection attempt is refused and the socket file goes away. */
export function closeServer(server: Server, socketPath: string): void {
  server.on('connection', (s) => s.destroy());
  server.close();
  rmSync(socketPath, { force: true });
}

/** Wait (at most `ms`) for a process to exit. */
export async function waitExit(proc: SpawnedRuntime, timers: Timers, ms: number): Promise<void> {
  let timer: TimerHandle | undefined;
  await Promise.race([proc.exited, new Promise<void>((r) => (timer = timers.setTimeout(r, ms)))]);
  timers.clearTimeout(timer);
}

/** Kill a process and wait (bounded) for it to be gone. */
export async function killAndWait(proc: SpawnedRuntime, timers: Timers, ms: number): Promise<void> {
  proc.kill();
  await waitExit(proc, timers, ms);
}

/** Start one instance and complete its handshake. */
export async function launchInstance(p: LaunchParams): Promise<RuntimeInstance> {
  const server = await listen(p.socketPath);
  server.on('error', () => {}); // a late socket error must not crash the node; the launch fails on its own
  let proc: SpawnedRuntime | undefined;
  try {
    const env = { ...p.env, [HOST_SOCKET_ENV]: p.socketPath };
    proc = await p.provisioner.spawn(p.bundle, { socketPath: p.socketPath, env, onStderr: p.onStderr });
    p.onSpawned?.(proc);
    const socket = await acceptOne(server, proc, p.timers, p.connectTimeoutMs);
    closeServer(server, p.socketPath);
    const conn = new Connection(socket, { role: 'host', timers: p.timers, handler: p.handler });
    const info = await handshakeRuntime(conn, p.bundle, p.consensus, p.handshakeTimeoutMs);
    return { proc, conn, info };
  } catch (e) {
    closeServer(server, p.socketPath);
    if (proc) await killAndWait(proc, p.timers, 2000);
    if (e instanceof HostError) throw e;
    throw new HostError(HostError.START_FAILED, `cannot start runtime: ${(e as Error).message}`);
  }
}
