/**
 * A test-only provisioner: runs a bundle's executable as `node <executable>` with the host's
 * environment additions (no confinement). Implements the Provisioner contract.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import {
  HOST_SOCKET_ENV,
  type Provisioner,
  type RuntimeBundle,
  type RuntimeExit,
  type SpawnedRuntime,
  type SpawnOptions,
} from '../../src/runtime/host/index.js';

/** Start `node <bundle.executable>`. */
export const nodeProvisioner: Provisioner = {
  kind: 'unconfined',
  async spawn(bundle: RuntimeBundle, opts: SpawnOptions): Promise<SpawnedRuntime> {
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...opts.env,
      [HOST_SOCKET_ENV]: opts.socketPath,
    };
    delete env.NODE_EXTRA_CA_CERTS;
    const child = spawn(process.execPath, [bundle.executable], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (opts.onStderr && child.stderr) createInterface({ input: child.stderr }).on('line', opts.onStderr);
    else child.stderr?.resume();
    const exited = new Promise<RuntimeExit>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    return {
      pid: child.pid!,
      exited,
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  },
};
