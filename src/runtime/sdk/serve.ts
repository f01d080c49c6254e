/**
 * The runtime side of RHP for a {@link RuntimeDefinition}: answers the handshake, pings, abort,
 * shutdown, CheckTxBatch, ExecuteTxBatch and Query on a {@link Connection}. Works over any
 * duplex stream (a unix socket in `runRuntime`, an in-memory pair in tests).
 */
import type { Duplex } from 'node:stream';
import { bytesEqual, fromHex, toHex } from '../../common/index.js';
import {
  type Body,
  Connection,
  PROTOCOL_VERSION,
  type RuntimeInfoRequest,
  type RuntimeInfoResponse,
} from '../rhp/index.js';
import type { RuntimeSession } from './admit.js';
import { checkBatch } from './check.js';
import type { RuntimeDefinition } from './define.js';
import { SdkError } from './errors.js';
import { executeBatch } from './execute.js';
import { NodeCache } from './fetcher.js';
import { runQuery } from './query.js';
import { HostReadSyncer } from './state.js';
import { VerifiedTxCache } from './verified.js';
import { defaultVerifyThreads, SignatureWorkerPool, type VerifyPoolOptions } from './verify-pool.js';

/** Options of {@link serveRuntime}. */
export interface ServeOptions {
  /** Called after a `RuntimeShutdownRequest` has been answered (default: nothing). */
  onShutdown?: () => void;
  /**
   * The signature-verification threads: `threads` defaults to {@link defaultVerifyThreads} (0
   * verifies on the runtime's thread only), failures are reported on stderr by default.
   */
  verifyPool?: Partial<VerifyPoolOptions>;
}

/** Serve `def` on `stream`; returns the connection (closed when the stream ends). */
export function serveRuntime(def: RuntimeDefinition, stream: Duplex, opts: ServeOptions = {}): Connection {
  const conn = new Connection(stream, { role: 'runtime' });
  const pool = new SignatureWorkerPool({
    threads: defaultVerifyThreads(),
    onFailure: (why) => process.stderr.write(`runtime: ${why}\n`),
    ...opts.verifyPool,
  });
  conn.onClose(() => void pool.close());
  let session: RuntimeSession | undefined;
  const ready = (): RuntimeSession => {
    if (!session) throw new SdkError(SdkError.HANDSHAKE, 'no handshake yet');
    return session;
  };
  conn.setHandler(async (body: Body): Promise<Body> => {
    if (body.RuntimeInfoRequest) {
      session = openSession(def, body.RuntimeInfoRequest, conn, pool);
      return { RuntimeInfoResponse: info(def) };
    }
    if (body.RuntimePingRequest) return { Empty: {} };
    if (body.RuntimeAbortRequest) {
      ready().aborted = true;
      return { RuntimeAbortResponse: {} };
    }
    if (body.RuntimeShutdownRequest) {
      if (opts.onShutdown) setImmediate(opts.onShutdown);
      return { Empty: {} };
    }
    if (body.RuntimeCheckTxBatchRequest) {
      return {
        RuntimeCheckTxBatchResponse: { results: await checkBatch(ready(), body.RuntimeCheckTxBatchRequest) },
      };
    }
    if (body.RuntimeExecuteTxBatchRequest) {
      return {
        RuntimeExecuteTxBatchResponse: await executeBatch(ready(), body.RuntimeExecuteTxBatchRequest),
      };
    }
    if (body.RuntimeQueryRequest) {
      return { RuntimeQueryResponse: { data: await runQuery(ready(), body.RuntimeQueryRequest) } };
    }
    throw new SdkError(SdkError.INVALID_REQUEST, 'request not served by this runtime');
  });
  return conn;
}

function info(def: RuntimeDefinition): RuntimeInfoResponse {
  return { protocol_version: { ...PROTOCOL_VERSION }, runtime_version: { ...def.version } };
}

function openSession(
  def: RuntimeDefinition,
  req: RuntimeInfoRequest,
  conn: Connection,
  pool: SignatureWorkerPool,
): RuntimeSession {
  if (!bytesEqual(req.runtime_id, fromHex(def.id, 32))) {
    throw new SdkError(SdkError.HANDSHAKE, `host runs runtime ${toHex(req.runtime_id)}, this is ${def.id}`);
  }
  if (!/^[0-9a-f]{64}$/.test(req.consensus_chain_context)) {
    throw new SdkError(SdkError.HANDSHAKE, 'consensus chain context must be 64 lower-case hex digits');
  }
  return {
    def,
    domain: { runtimeId: new Uint8Array(req.runtime_id), chainContext: req.consensus_chain_context },
    syncer: new HostReadSyncer(conn),
    cache: new NodeCache(),
    verified: new VerifiedTxCache(),
    pool,
    aborted: false,
  };
}
