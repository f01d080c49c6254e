/**
 * Direct push: each message of a direct topic goes once to every directly connected peer that
 * subscribes to the topic, over one long-lived stream per peer and topic (push-frames.ts), and is
 * not forwarded by its receivers. In a full mesh this is one transmission per peer where gossipsub
 * sends each message about three times per peer (the origin's flood publish, then every receiver
 * forwarding to its other mesh peers), and each transmission costs framing, encryption and socket
 * writes on both ends. Relaying to peers that are not directly connected stays with gossipsub
 * (the network publishes there when a subscriber has no push stream, or when asked to).
 *
 * A receiver applies the same checks as to gossip: the sender must be admitted to the topic before
 * anything is read, every frame passes the topic's guard (size, admission, handler verdict, score),
 * an oversized or truncated frame counts against the sender and ends its stream. A message seen
 * once (by push or by gossip) is not handled again.
 */
import { createHash } from 'node:crypto';
import type { PeerId, Stream } from '@libp2p/interface';
import { admitted } from './admission.js';
import { P2pError } from './errors.js';
import type { P2pNode } from './libp2p-node.js';
import type { Access } from './network.js';
import { FrameQueue, readFrames } from './push-frames.js';
import type { GuardContext, TopicGuard } from './topic-guard.js';
import { pushProtocol } from './topics.js';

/** Bytes queued for one peer's stream before the stream is dropped as stuck. */
export const PUSH_QUEUE_BYTES = 16 * 1024 * 1024;
/** Message ids remembered to drop a second copy (by push or by gossip). */
export const PUSH_SEEN_SIZE = 16_384;
/**
 * How long a peer whose push stream failed or was refused is reached by gossip only (a peer that
 * refuses, e.g. one that does not admit us to the topic, is not asked again for every message).
 */
const RETRY_MS = 2_000;
/** Longest wait for a push stream to open. */
const OPEN_TIMEOUT_MS = 5_000;

interface Outbound {
  queue?: FrameQueue;
  stream?: Stream;
  retryAt?: number;
}

/** What a topic's receiving side needs. */
export interface PushTopic {
  guard: TopicGuard;
  access: Access;
  maxBytes: number;
  /** Called with each message received by push that the guard accepted (relaying by gossip). */
  relay?: (data: Uint8Array) => void;
}

/** The push streams of one libp2p node. */
export class DirectPush {
  private readonly out = new Map<string, Map<string, Outbound>>();
  private readonly inbound = new Map<string, Map<string, Stream>>();
  private seen = new Set<string>();
  private older = new Set<string>();

  constructor(
    private readonly node: P2pNode,
    private readonly ctx: GuardContext,
  ) {}

  /** True the first time `data` is seen on `topic` (by push or by gossip), false after. */
  firstSight(topic: string, data: Uint8Array): boolean {
    const id = createHash('sha256').update(topic).update(data).digest('base64');
    if (this.seen.has(id) || this.older.has(id)) return false;
    // Two generations: the memory stays bounded and a recent id is never forgotten at once.
    if (this.seen.size >= PUSH_SEEN_SIZE / 2) {
      this.older = this.seen;
      this.seen = new Set();
    }
    this.seen.add(id);
    return true;
  }

  /**
   * True when a message from `from` is to be handled: the sender is heard on the topic (admitted,
   * not banned) and the message is new. A copy from a sender that is not heard is not remembered,
   * so it cannot hide the same message coming from a peer that is.
   */
  fresh(topic: string, from: string, access: Access, data: Uint8Array): boolean {
    if (this.ctx.scores.banned(from) || !admitted(this.ctx.auth, from, access)) return false;
    return this.firstSight(topic, data);
  }

  /** Message ids remembered now (never more than {@link PUSH_SEEN_SIZE}). */
  remembered(): number {
    return this.seen.size + this.older.size;
  }

  /** Accept push streams of `topic`, handing each frame to the topic's guard. */
  async serve(topic: string, t: PushTopic): Promise<void> {
    await this.node.handle(
      pushProtocol(topic),
      ({ stream, connection }) => void this.receive(topic, t, stream, connection.remotePeer.toString()),
      { maxInboundStreams: 4, runOnLimitedConnection: false },
    );
  }

  private async receive(topic: string, t: PushTopic, stream: Stream, from: string): Promise<void> {
    if (this.ctx.scores.banned(from) || !admitted(this.ctx.auth, from, t.access)) {
      stream.abort(new P2pError(P2pError.REFUSED, 'peer not admitted to this topic'));
      return;
    }
    const streams = this.inboundOf(topic);
    // One stream per peer and topic: a newer one (the peer reconnected its side) replaces the old.
    streams.get(from)?.abort(new P2pError(P2pError.REFUSED, 'replaced by a newer push stream'));
    streams.set(from, stream);
    try {
      for await (const data of readFrames(stream.source, t.maxBytes)) {
        if (this.fresh(topic, from, t.access, data) && (await t.guard(from, from, data)) === 'accept') {
          t.relay?.(data);
        }
      }
    } catch (e) {
      const code = e instanceof P2pError ? e.code : 0;
      if (code === P2pError.OVERSIZED) this.ctx.offend(from, 'oversized');
      if (code === P2pError.MALFORMED) this.ctx.offend(from, 'malformed');
      this.ctx.log.debug({ peer: from, reason: (e as Error).message }, 'push stream ended');
      stream.abort(e as Error);
    } finally {
      if (streams.get(from) === stream) streams.delete(from);
    }
  }

  /**
   * Queue `data` for each of `peers` (the topic's connected subscribers). Returns true when some
   * peer has no working stream yet (one is being opened): the caller then gossips the message too.
   */
  send(topic: string, data: Uint8Array, peers: readonly PeerId[]): boolean {
    const out = this.outboundOf(topic);
    let missed = false;
    for (const peer of peers) {
      const key = peer.toString();
      const o = out.get(key);
      if (o?.queue?.push(data)) continue;
      missed = true;
      if (o === undefined || (o.retryAt !== undefined && Date.now() >= o.retryAt)) this.open(topic, peer);
      else if (o.queue !== undefined) {
        // The peer stopped reading: its stream goes, a later message opens a new one.
        o.stream?.abort(new P2pError(P2pError.OVERSIZED, 'push queue full'));
        this.drop(key, o, 'push queue full');
      }
    }
    return missed;
  }

  private open(topic: string, peer: PeerId): void {
    const key = peer.toString();
    const o: Outbound = {};
    this.outboundOf(topic).set(key, o);
    this.node
      .dialProtocol(peer, pushProtocol(topic), { signal: AbortSignal.timeout(OPEN_TIMEOUT_MS) })
      .then((stream) => {
        if (this.outboundOf(topic).get(key) !== o)
          return stream.abort(new P2pError(P2pError.REFUSED, 'stale'));
        const queue = new FrameQueue(PUSH_QUEUE_BYTES);
        o.queue = queue;
        o.stream = stream;
        void stream.closeRead().catch(() => undefined);
        stream.sink(queue).then(
          () => this.drop(key, o, 'push stream closed'),
          (e: unknown) => this.drop(key, o, (e as Error).message),
        );
      })
      .catch((e: unknown) => {
        o.retryAt = Date.now() + RETRY_MS;
        this.ctx.log.debug({ peer: key, reason: (e as Error).message }, 'no push stream');
      });
  }

  private drop(key: string, o: Outbound, reason: string): void {
    o.queue?.close();
    o.queue = undefined;
    o.stream = undefined;
    o.retryAt = Date.now() + RETRY_MS;
    this.ctx.log.debug({ peer: key, reason }, 'push stream dropped');
  }

  /** A peer disconnected: its streams are gone, and a new connection may open new ones at once. */
  forget(peer: string): void {
    for (const m of this.out.values()) {
      const o = m.get(peer);
      o?.queue?.close();
      m.delete(peer);
    }
  }

  /** Peers with an open push stream for `topic` (tests wait on it). */
  ready(topic: string): string[] {
    return [...this.outboundOf(topic)].filter(([, o]) => o.queue !== undefined).map(([p]) => p);
  }

  /** End every stream (the node is stopping). */
  close(): void {
    for (const m of this.out.values()) for (const o of m.values()) o.queue?.close();
    this.out.clear();
    for (const m of this.inbound.values())
      for (const s of m.values()) s.abort(new P2pError(P2pError.NOT_STARTED, 'stopped'));
    this.inbound.clear();
  }

  private outboundOf(topic: string): Map<string, Outbound> {
    let m = this.out.get(topic);
    if (m === undefined) this.out.set(topic, (m = new Map()));
    return m;
  }

  private inboundOf(topic: string): Map<string, Stream> {
    let m = this.inbound.get(topic);
    if (m === undefined) this.inbound.set(topic, (m = new Map()));
    return m;
  }
}
