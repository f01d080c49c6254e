/**
 * Running an SDK runtime inside the host's own process: the "process" is a socket connection to
 * the host served by {@link serveRuntime}. Used by tests, fuzzing and the benchmark's baseline;
 * it confines nothing and shares the host's memory, so it is never a deployment option.
 */
import { connect } from 'node:net';
import type { Provisioner, RuntimeBundle, RuntimeExit, SpawnedRuntime, SpawnOptions } from '../host/index.js';
import { type RuntimeDefinition, type ServeOptions, serveRuntime } from '../sdk/index.js';

/** A bundle record for `def` that no file backs (only {@link InProcessProvisioner} can start it). */
export function inProcessBundle(def: RuntimeDefinition): RuntimeBundle {
  return {
    dir: '/nonexistent',
    executable: '/nonexistent/runtime',
    manifest: {
      id: def.id,
      name: def.name,
      version: { ...def.version },
      executable: 'runtime',
      checksum: '0'.repeat(64),
    },
  };
}

/** Starts `def` in this process, whatever bundle it is asked to start. */
export class InProcessProvisioner implements Provisioner {
  readonly kind = 'unconfined' as const;

  /** `serve` adds options of the runtime side (e.g. its verification threads). */
  constructor(
    private readonly def: RuntimeDefinition,
    private readonly serve: Omit<ServeOptions, 'onShutdown'> = {},
  ) {}

  async spawn(_bundle: RuntimeBundle, opts: SpawnOptions): Promise<SpawnedRuntime> {
    const sock = connect(opts.socketPath);
    let exit!: (x: RuntimeExit) => void;
    const exited = new Promise<RuntimeExit>((r) => (exit = r));
    sock.on('error', () => {});
    sock.on('close', () => exit({ code: 0, signal: null }));
    sock.once('connect', () => {
      serveRuntime(this.def, sock, { ...this.serve, onShutdown: () => sock.end() });
    });
    return { pid: process.pid, exited, kill: () => sock.destroy() };
  }
}
