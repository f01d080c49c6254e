/**
 * WebSocket transport at `/ws`: the same methods as HTTP plus `subscribe {topic}` and
 * `unsubscribe {subscription}`. Events arrive as notifications
 * `{jsonrpc: "2.0", method: "subscription", params: {subscription, result}}`. An oversized message
 * closes the connection (1009, by the ws library); a consumer that does not read is closed (1008).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../common/index.js';
import type { EventSource, NodeBackend, Topic } from './backend.js';
import type { Dispatcher } from './dispatch.js';
import { topicJ } from './encode.js';
import { ApiError } from './errors.js';
import type { JsonCodec } from './json-codec.js';
import type { ApiLimits } from './limits.js';
import { defineMethod, type MethodDef } from './methods/types.js';
import { subscribeParams, unsubscribeParams } from './params.js';

/** The path of the WebSocket endpoint. */
export const WS_PATH = '/ws';

interface WsDeps {
  dispatcher: Dispatcher;
  backend: NodeBackend;
  limits: ApiLimits;
  logger: Logger;
}

/** Attach a WebSocket server to an HTTP server; returns it so that the caller can close it. */
export function attachWs(server: Server, deps: WsDeps): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxBodyBytes });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, req.socket.remoteAddress ?? '?', deps));
  });
  return wss;
}

function serveConnection(ws: WebSocket, client: string, deps: WsDeps): void {
  const subs = new Map<string, () => void>();
  let nextId = 0;
  const send = (msg: unknown): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > deps.limits.maxBufferedBytes) {
      ws.close(1008, 'slow consumer');
      return;
    }
    ws.send(JSON.stringify(msg));
  };
  const subscribe = defineMethod(subscribeParams, async (_ctx, p) => {
    if (subs.size >= deps.limits.maxSubscriptions) {
      throw new ApiError(
        ApiError.TOO_MANY_SUBSCRIPTIONS,
        `at most ${deps.limits.maxSubscriptions} subscriptions`,
      );
    }
    const id = (++nextId).toString(16);
    subs.set(id, listen(p.topic, id, send, deps));
    return id;
  });
  const unsubscribe = defineMethod(unsubscribeParams, async (_ctx, p) => {
    const stop = subs.get(p.subscription);
    if (!stop) throw new ApiError(ApiError.UNKNOWN_SUBSCRIPTION, 'unknown subscription');
    subs.delete(p.subscription);
    stop();
    return true;
  });
  const extra = new Map<string, MethodDef>([
    ['subscribe', subscribe],
    ['unsubscribe', unsubscribe],
  ]);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const text = isBinary ? '' : data.toString('utf8');
    deps.dispatcher.handleText(text, client, extra).then(
      (res) => res !== undefined && send(res),
      (err) =>
        deps.logger.error({ error: err instanceof Error ? err.name : typeof err }, 'api ws dispatch failed'),
    );
  });
  ws.on('error', (err) => deps.logger.debug({ error: err.message }, 'api ws connection error'));
  ws.on('close', () => {
    for (const stop of subs.values()) stop();
    subs.clear();
  });
}

function listen(topic: Topic, id: string, send: (msg: unknown) => void, deps: WsDeps): () => void {
  // The topic links source and codec; TypeScript cannot follow that across the union, hence the casts.
  const codec = topicJ[topic] as JsonCodec<unknown>;
  const source = deps.backend.events[topic] as EventSource<unknown>;
  return source.subscribe((event) => {
    try {
      const result = codec.encode(event);
      send({ jsonrpc: '2.0', method: 'subscription', params: { subscription: id, result } });
    } catch (err) {
      // A bad event from the backend must not throw into its emitter.
      deps.logger.error(
        { topic, error: err instanceof Error ? err.message : typeof err },
        'api event dropped',
      );
    }
  });
}
