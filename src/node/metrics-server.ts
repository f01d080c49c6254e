/** A small HTTP server answering `GET /metrics` from a prom-client registry (404 elsewhere). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { NodeError } from './errors.js';

/** A listening metrics endpoint. */
export interface MetricsServer {
  /** `http://host:port/metrics` */
  readonly url: string;
  close(): Promise<void>;
}

async function answer(registry: Registry, url: string | undefined, method: string | undefined) {
  if (method !== 'GET' || (url !== '/metrics' && !url?.startsWith('/metrics?'))) {
    return { status: 404, type: 'text/plain', body: 'not found\n' };
  }
  return { status: 200, type: registry.contentType, body: await registry.metrics() };
}

/** Listen on `host:port` (0 picks a free port). */
export async function serveMetrics(registry: Registry, host: string, port: number): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    answer(registry, req.url, req.method).then(
      (a) => res.writeHead(a.status, { 'content-type': a.type }).end(a.body),
      (e: unknown) => res.writeHead(500).end(`${(e as Error).message}\n`),
    );
  });
  const failed = (e: Error) =>
    new NodeError(NodeError.STARTUP, `metrics cannot listen on ${host}:${port}: ${e.message}`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(failed(e)));
    try {
      server.listen(port, host, () => resolve());
    } catch (e) {
      reject(failed(e as Error));
    }
  });
  const a = server.address() as AddressInfo;
  const h = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return {
    url: `http://${h}:${a.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
