/** The entry point of a runtime process: connect to the host's socket and serve the definition. */
import { connect } from 'node:net';
import type { RuntimeDefinition } from './define.js';
import { SdkError } from './errors.js';
import { serveRuntime } from './serve.js';

/** Environment variable naming the host's unix socket (set by every provisioner). */
export const HOST_SOCKET_ENV = 'TANDEM_HOST_SOCKET';

/**
 * Connect to `$TANDEM_HOST_SOCKET` and serve `def` until the host shuts the runtime down or the
 * connection ends; then the process exits (0 after a shutdown or a clean close, 1 otherwise).
 */
export function runRuntime(def: RuntimeDefinition, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const path = env[HOST_SOCKET_ENV];
  if (!path) {
    const why = `${HOST_SOCKET_ENV} is not set; start runtimes through a host`;
    return Promise.reject(new SdkError(SdkError.NO_HOST, why));
  }
  return new Promise((resolve, reject) => {
    const sock = connect(path);
    sock.once('error', (e) =>
      reject(new SdkError(SdkError.NO_HOST, `cannot connect to ${path}: ${e.message}`)),
    );
    sock.once('connect', () => {
      const conn = serveRuntime(def, sock, { onShutdown: () => sock.end(() => process.exit(0)) });
      conn.onClose((err) => {
        if (err) process.stderr.write(`runtime: connection closed: ${err.message}\n`);
        process.exitCode = err ? 1 : 0;
        resolve();
      });
    });
  });
}
