/**
 * A test-only provisioner whose "process" is an RHP runtime connection inside the test process:
 * spawn connects to the host socket, kill drops the connection. Lets host tests drive time with
 * fake timers (no real process start-up to wait for).
 */
import { connect } from 'node:net';
import type { Provisioner, RuntimeExit, SpawnedRuntime } from '../../src/runtime/host/index.js';
import { type Body, Connection, PROTOCOL_VERSION } from '../../src/runtime/rhp/index.js';

/** An in-process provisioner and the runtimes it started (latest last). */
export function inProcessProvisioner(version = { major: 1, minor: 0, patch: 0 }) {
  const started: SpawnedRuntime[] = [];
  let nextPid = 1_000_000;
  const provisioner: Provisioner = {
    kind: 'unconfined',
    async spawn(_bundle, opts) {
      let exit!: (x: RuntimeExit) => void;
      const exited = new Promise<RuntimeExit>((r) => (exit = r));
      const socket = connect(opts.socketPath);
      const conn = new Connection(socket, {
        role: 'runtime',
        handler: (b): Body => {
          if (b.RuntimeInfoRequest) {
            return { RuntimeInfoResponse: { protocol_version: PROTOCOL_VERSION, runtime_version: version } };
          }
          if (b.RuntimeShutdownRequest) setImmediate(() => conn.close());
          return { Empty: {} };
        },
      });
      const rt: SpawnedRuntime = {
        pid: nextPid++,
        exited,
        kill() {
          conn.close();
          exit({ code: null, signal: 'SIGKILL' });
        },
      };
      conn.onClose(() => exit({ code: 0, signal: null }));
      started.push(rt);
      return rt;
    },
  };
  return { provisioner, started };
}
