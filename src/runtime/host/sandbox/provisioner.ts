/**
 * The default provisioner (RT-2): every runtime runs inside bubblewrap with the seccomp filter of
 * `seccomp.ts`, seeing only its bundle, its interpreter, declared read-only paths and the host's
 * unix socket at `/host.sock`.
 */
import { resolve } from 'node:path';
import { verifyBundle } from '../bundle.js';
import {
  HOST_SOCKET_ENV,
  type Provisioner,
  type RuntimeBundle,
  type SpawnedRuntime,
  type SpawnOptions,
} from '../provisioner.js';
import { BUNDLE_MOUNT, planBinds } from './binds.js';
import { bwrapArgs, findBwrap, SANDBOX_SOCKET } from './bwrap.js';
import { resolveLaunch } from './launch.js';
import { checkEnv, startProcess } from './process.js';
import { seccompProgram } from './seccomp.js';

/** Options of {@link SandboxProvisioner}. */
export interface SandboxOptions {
  /** Path of bwrap; default: found on PATH. */
  readonly bwrapPath?: string;
  /**
   * Host directories no bind may contain (the node's data dir, key dirs). The host's home is
   * always protected.
   */
  readonly protectedDirs?: readonly string[];
}

/**
 * Starts runtimes inside bubblewrap + seccomp. The returned pid is bwrap's: killing it takes the
 * whole sandbox down (`--die-with-parent` on bwrap's child, then the pid namespace empties).
 */
export class SandboxProvisioner implements Provisioner {
  readonly kind = 'sandbox' as const;
  private readonly program = seccompProgram();

  constructor(private readonly opts: SandboxOptions = {}) {}

  async spawn(bundle: RuntimeBundle, opts: SpawnOptions): Promise<SpawnedRuntime> {
    const bwrap = await findBwrap(this.opts.bwrapPath);
    await verifyBundle(bundle);
    const env = { ...checkEnv(opts.env), [HOST_SOCKET_ENV]: SANDBOX_SOCKET };
    const launch = await resolveLaunch(bundle);
    const binds = await planBinds(bundle, launch, this.opts.protectedDirs ?? []);
    const inside = `${BUNDLE_MOUNT}/${bundle.manifest.executable}`;
    const argv = launch.script ? [launch.program, ...launch.args, inside] : [inside];
    const seccompFd = 3;
    const args = bwrapArgs({ binds, socketPath: resolve(opts.socketPath), env, seccompFd, argv });
    const hostEnv: Record<string, string> = {};
    return startProcess({
      command: bwrap,
      args,
      env: hostEnv,
      cwd: '/',
      fd3: this.program,
      onStderr: opts.onStderr,
    });
  }
}
