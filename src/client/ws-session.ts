/**
 * One WebSocket to the API: calls with ids and timeouts, and subscription notifications routed to
 * their callbacks. When the socket closes, pending calls fail and subscriptions stop.
 */
import WebSocket from 'ws';
import { ClientError } from './errors.js';
import { resultOf } from './rpc.js';

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/** A connected WebSocket session. */
export class WsSession {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, (result: unknown) => void>();
  private nextId = 0;
  private closedErr: ClientError | undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly timeoutMs: number,
    maxResponseBytes: number,
  ) {
    ws.on('message', (data: Buffer) => this.onMessage(data, maxResponseBytes));
    ws.on('close', (code: number) =>
      this.fail(new ClientError(ClientError.WS, `websocket closed (${code})`)),
    );
    ws.on('error', () => {});
  }

  /** Open a session; rejects with {@link ClientError.WS} if the socket cannot be opened in time. */
  static open(url: string, timeoutMs: number, maxResponseBytes: number): Promise<WsSession> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { maxPayload: maxResponseBytes, handshakeTimeout: timeoutMs });
      ws.once('open', () => resolve(new WsSession(ws, timeoutMs, maxResponseBytes)));
      ws.once('error', (err) => reject(new ClientError(ClientError.WS, `websocket: ${err.message}`)));
    });
  }

  /** True once the socket closed. */
  get closed(): boolean {
    return this.closedErr !== undefined;
  }

  /** Call a method over the socket. */
  call(method: string, params: unknown): Promise<unknown> {
    if (this.closedErr) return Promise.reject(this.closedErr);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ClientError(ClientError.TIMEOUT, `${method} timed out`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Route notifications of `subscription` to `fn`. */
  listen(subscription: string, fn: (result: unknown) => void): void {
    this.listeners.set(subscription, fn);
  }

  /** Stop routing notifications of `subscription`. */
  unlisten(subscription: string): void {
    this.listeners.delete(subscription);
  }

  /** Close the socket. */
  close(): void {
    this.fail(new ClientError(ClientError.CLOSED, 'client closed'));
    this.ws.close(1000);
  }

  private onMessage(data: Buffer, maxResponseBytes: number): void {
    if (data.length > maxResponseBytes) return;
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString('utf8'));
    } catch {
      return;
    }
    for (const m of Array.isArray(msg) ? msg : [msg]) this.route(m);
  }

  private route(m: unknown): void {
    if (typeof m !== 'object' || m === null) return;
    const r = m as Record<string, unknown>;
    if (r.method === 'subscription' && typeof r.params === 'object' && r.params !== null) {
      const p = r.params as Record<string, unknown>;
      if (typeof p.subscription === 'string') this.listeners.get(p.subscription)?.(p.result);
      return;
    }
    const p = typeof r.id === 'number' ? this.pending.get(r.id) : undefined;
    if (!p) return;
    this.pending.delete(r.id as number);
    clearTimeout(p.timer);
    try {
      p.resolve(resultOf(r, r.id as number));
    } catch (err) {
      p.reject(err as Error);
    }
  }

  private fail(err: ClientError): void {
    if (this.closedErr) return;
    this.closedErr = err;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    this.listeners.clear();
  }
}
