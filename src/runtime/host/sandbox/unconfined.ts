/**
 * The explicit opt-out: runs the bundle's executable directly on the host, with a cleared
 * environment plus the socket path. For development on machines without bubblewrap; it logs a
 * warning on every start because nothing confines the runtime.
 */
import { resolve } from 'node:path';
import { type Logger, nullLogger } from '../../../common/index.js';
import { verifyBundle } from '../bundle.js';
import {
  HOST_SOCKET_ENV,
  type Provisioner,
  type RuntimeBundle,
  type SpawnedRuntime,
  type SpawnOptions,
} from '../provisioner.js';
import { resolveLaunch } from './launch.js';
import { checkEnv, startProcess } from './process.js';

/** Starts runtimes as plain host processes (no sandbox). */
export class UnconfinedProvisioner implements Provisioner {
  readonly kind = 'unconfined' as const;

  constructor(private readonly log: Logger = nullLogger) {}

  async spawn(bundle: RuntimeBundle, opts: SpawnOptions): Promise<SpawnedRuntime> {
    await verifyBundle(bundle);
    const env = { ...checkEnv(opts.env), [HOST_SOCKET_ENV]: resolve(opts.socketPath) };
    const launch = await resolveLaunch(bundle);
    const argv = launch.script ? [...launch.args, bundle.executable] : [];
    this.log.warn(
      { runtime: bundle.manifest.id, name: bundle.manifest.name, provisioner: this.kind },
      'runtime is NOT confined: no sandbox, no seccomp filter; it can do anything the node can',
    );
    return startProcess({
      command: launch.program,
      args: argv,
      env,
      cwd: bundle.dir,
      group: true,
      onStderr: opts.onStderr,
    });
  }
}
