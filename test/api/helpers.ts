// Shared helpers of the API tests: a server on port 0 over a fake backend, raw HTTP and WS calls.
import WebSocket from 'ws';
import { type ApiLimits, type ApiServer, createApiServer } from '../../src/api/index.js';
import { MemoryLogger } from '../../src/common/index.js';
import { FakeBackend } from './fake-backend.js';

/** A parsed JSON-RPC message; tests read its fields directly and let the assertions fail. */
// biome-ignore lint/suspicious/noExplicitAny: response shapes vary per case and are asserted field by field
export type Msg = any;

export interface Harness {
  server: ApiServer;
  backend: FakeBackend;
  logger: MemoryLogger;
  clock: { now: number };
}

export async function startServer(limits: Partial<ApiLimits> = {}): Promise<Harness> {
  const backend = new FakeBackend();
  const logger = new MemoryLogger();
  const clock = { now: 1_000_000 };
  const server = await createApiServer({ backend, port: 0, limits, logger, clock: () => clock.now });
  return { server, backend, logger, clock };
}

/** POST a raw body; returns the status and the parsed JSON (or undefined when empty). */
export async function post(url: string, body: string): Promise<{ status: number; json: Msg }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}

/** A JSON-RPC call object. */
export function rpc(method: string, params?: unknown, id: unknown = 1): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) };
}

/** A raw WebSocket with a queue of received messages. */
export class RawWs {
  readonly received: Msg[] = [];
  private waiters: Array<() => void> = [];
  closeCode: number | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => {
      this.received.push(JSON.parse(d.toString('utf8')));
      this.wakeAll();
    });
    ws.on('close', (code: number) => {
      this.closeCode = code;
      this.wakeAll();
    });
    ws.on('error', () => {});
  }
  static open(url: string): Promise<RawWs> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new RawWs(ws)));
      ws.once('error', reject);
    });
  }
  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }
  /** Wait until a message satisfies `pred` (and remove it from the queue). */
  async next(pred: (m: Msg) => boolean = () => true, timeoutMs = 2000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.received.findIndex(pred);
      if (i >= 0) return this.received.splice(i, 1)[0];
      if (Date.now() > deadline) throw new Error('no matching ws message');
      await this.tick(deadline - Date.now());
    }
  }
  /** Send a call and wait for its response. */
  async call(method: string, params: unknown, id: number): Promise<Msg> {
    this.send(rpc(method, params, id));
    return this.next((m) => m.id === id);
  }
  async closed(timeoutMs = 2000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === undefined) {
      if (Date.now() > deadline) throw new Error('ws not closed');
      await this.tick(deadline - Date.now());
    }
    return this.closeCode;
  }
  private tick(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, Math.max(1, ms));
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  private wakeAll(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
