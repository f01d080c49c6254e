/** The API server: fastify for HTTP, ws on the same port for WebSocket. */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { type Logger, nullLogger } from '../common/index.js';
import type { NodeBackend } from './backend.js';
import { Dispatcher } from './dispatch.js';
import { ApiError } from './errors.js';
import { registerHttp } from './http.js';
import { type ApiLimits, DEFAULT_LIMITS, RateLimiter, WaiterGate } from './limits.js';
import { attachWs, WS_PATH } from './ws.js';

/** Options of {@link createApiServer}. */
export interface ApiServerOptions {
  backend: NodeBackend;
  /** Default `127.0.0.1`. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  limits?: Partial<ApiLimits>;
  logger?: Logger;
  /** Milliseconds clock of the rate limiter (tests inject one). */
  clock?: () => number;
}

/** A running API server. */
export interface ApiServer {
  /** `http://host:port/` */
  readonly url: string;
  /** `ws://host:port/ws` */
  readonly wsUrl: string;
  readonly limits: ApiLimits;
  /** Closes every WebSocket and stops listening. */
  close(): Promise<void>;
}

/** Start the API server and resolve once it listens. */
export async function createApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const logger = (opts.logger ?? nullLogger).child({ module: 'api' });
  const limiter = new RateLimiter(limits, opts.clock ?? Date.now);
  const ctx = { backend: opts.backend, limits, waiters: new WaiterGate(limits.maxWaiters) };
  const dispatcher = new Dispatcher(ctx, limiter, logger);
  const app = Fastify({ logger: false, bodyLimit: limits.maxBodyBytes, forceCloseConnections: true });
  registerHttp(app, dispatcher, opts.backend, logger);
  const wss = attachWs(app.server, { dispatcher, backend: opts.backend, limits, logger });
  try {
    await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  } catch (err) {
    wss.close();
    throw new ApiError(ApiError.LISTEN, `api cannot listen: ${err instanceof Error ? err.message : err}`);
  }
  const addr = app.server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  logger.info({ host, port: addr.port }, 'api listening');
  return {
    url: `http://${host}:${addr.port}/`,
    wsUrl: `ws://${host}:${addr.port}${WS_PATH}`,
    limits,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await app.close();
    },
  };
}
