/**
 * Request/response over libp2p streams: one stream per exchange, one frame each way (see
 * `frame.ts`). The serving side refuses banned and unadmitted peers before reading anything and
 * bounds the whole exchange by a timeout; both sides count malformed and oversized frames against
 * the peer that sent them.
 */
import type { Libp2p, Stream } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { admitted } from './admission.js';
import { P2pError } from './errors.js';
import { encodeFrame, readFrame } from './frame.js';
import { DEFAULT_MAX_MESSAGE_BYTES, type ProtocolOptions, type RequestHandler } from './network.js';
import type { GuardContext } from './topic-guard.js';

/** What request/response needs from its network. */
export interface ExchangeContext extends GuardContext {
  /** Longest time a served exchange may take, from stream open to response written. */
  serveTimeoutMs: number;
  /** Timers of exchanges being served; the network clears them on stop. */
  serving: Set<ReturnType<typeof setTimeout>>;
}

/** The offence a failed frame read stands for, if the peer is to blame. */
function offenceOf(e: unknown): 'malformed' | 'oversized' | undefined {
  if (!(e instanceof P2pError)) return undefined;
  if (e.code === P2pError.OVERSIZED) return 'oversized';
  return e.code === P2pError.MALFORMED ? 'malformed' : undefined;
}

/** Register `handler` for `protocol` on `node`. */
export async function serveProtocol(
  node: Libp2p,
  protocol: string,
  handler: RequestHandler,
  opts: ProtocolOptions,
  ctx: ExchangeContext,
): Promise<void> {
  await node.handle(
    protocol,
    ({ stream, connection }) => {
      void serveStream(stream, connection.remotePeer.toString(), handler, opts, ctx);
    },
    { runOnLimitedConnection: false },
  );
}

async function serveStream(
  stream: Stream,
  from: string,
  handler: RequestHandler,
  opts: ProtocolOptions,
  ctx: ExchangeContext,
): Promise<void> {
  if (ctx.scores.banned(from) || !admitted(ctx.auth, from, opts.access ?? 'registered')) {
    stream.abort(new P2pError(P2pError.REFUSED, 'peer not admitted to this protocol'));
    return;
  }
  const timer = setTimeout(() => {
    ctx.serving.delete(timer);
    stream.abort(new P2pError(P2pError.TIMEOUT, 'exchange took too long'));
  }, ctx.serveTimeoutMs);
  ctx.serving.add(timer);
  try {
    const req = await readFrame(stream.source, opts.maxRequestBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    const resp = await handler(from, req);
    await stream.sink(encodeFrame(resp));
  } catch (e) {
    const offence = offenceOf(e);
    if (offence !== undefined) ctx.offend(from, offence);
    ctx.log.debug({ peer: from, reason: (e as Error).message }, 'request not served');
    stream.abort(e as Error);
  } finally {
    clearTimeout(timer);
    ctx.serving.delete(timer);
  }
}

/** Send one request to `peer` and read its response. */
export async function sendRequest(
  node: Libp2p,
  ctx: GuardContext,
  req: { peer: string; protocol: string; data: Uint8Array; timeoutMs: number; maxResponseBytes: number },
): Promise<Uint8Array> {
  let id: ReturnType<typeof peerIdFromString>;
  try {
    id = peerIdFromString(req.peer);
  } catch {
    throw new P2pError(P2pError.INVALID_PEER, 'not a peer id', { peer: req.peer });
  }
  const ctrl = new AbortController();
  let stream: Stream | undefined;
  const timer = setTimeout(() => {
    ctrl.abort();
    stream?.abort(new P2pError(P2pError.TIMEOUT, 'request timed out'));
  }, req.timeoutMs);
  try {
    stream = await node.dialProtocol(id, req.protocol, { signal: ctrl.signal });
    // The timer may have fired while the dial was finishing; it found no stream to abort then.
    if (ctrl.signal.aborted) stream.abort(new P2pError(P2pError.TIMEOUT, 'request timed out'));
    await stream.sink(encodeFrame(req.data));
    return await readFrame(stream.source, req.maxResponseBytes);
  } catch (e) {
    if (ctrl.signal.aborted) {
      throw new P2pError(P2pError.TIMEOUT, `no response within ${req.timeoutMs} ms`, { peer: req.peer });
    }
    const offence = offenceOf(e);
    stream?.abort(e as Error);
    if (offence === undefined) {
      throw new P2pError(P2pError.REQUEST_FAILED, (e as Error).message, { peer: req.peer });
    }
    ctx.offend(req.peer, offence);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
