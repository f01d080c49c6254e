/**
 * {@link Network} over libp2p 2.x (built in `libp2p-node.ts`). Gossip validation runs
 * the topic's handler through {@link topicGuard}, so only accepted messages are forwarded and a
 * rejected one lowers the forwarder's score (ours, and gossipsub's own invalid-delivery penalty on
 * topics subscribed before start). A banned peer is disconnected and the connection gater refuses
 * it until the ban ends.
 */
import './polyfill.js';
import type { Message, PeerId, TopicValidatorResult } from '@libp2p/interface';
import { Ed25519Signer, type Logger, nullLogger } from '../common/index.js';
import type { PeerAuthorizer } from './admission.js';
import { DEFAULT_REDIAL, type RedialConfig, Redialer } from './bootstrap.js';
import { P2pError } from './errors.js';
import { peerIdFromP2pKey } from './identity.js';
import { createP2pNode, type P2pNode } from './libp2p-node.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type GossipHandler,
  type Network,
  type PeerEvent,
  type ProtocolOptions,
  type PublishOptions,
  type RequestHandler,
  type RequestOptions,
  type TopicOptions,
} from './network.js';
import { DirectPush, type PushTopic } from './push.js';
import { type ExchangeContext, sendRequest, serveProtocol } from './reqresp.js';
import { type Offence, PeerScores, type ScoreConfig } from './score.js';
import { topicGuard } from './topic-guard.js';
import { pushProtocol } from './topics.js';

/** Options of a {@link Libp2pNetwork}. */
export interface Libp2pNetworkOptions {
  /** The 32-byte seed of the node's registered p2p key. */
  p2pSeed: Uint8Array;
  authorizer: PeerAuthorizer;
  /** Listen multiaddrs (default `/ip4/0.0.0.0/tcp/26656`). */
  listen?: string[];
  /** Bootstrap peers, each ending in `/p2p/<peer id>`. */
  bootstrap?: string[];
  score?: Partial<ScoreConfig>;
  redial?: RedialConfig;
  /** Gossipsub heartbeat (default 1000 ms; tests use less so meshes form quickly). */
  heartbeatMs?: number;
  /** Longest time a served request may take (default 10 s). */
  serveTimeoutMs?: number;
  /** Clock of the peer score (default `Date.now`). */
  now?: () => number;
  log?: Logger;
}

/** The node's network: a {@link Network} on a libp2p node, with admission, scores and bootstrap. */
export class Libp2pNetwork implements Network {
  readonly peerId: string;
  readonly scores: PeerScores;
  private node: P2pNode | undefined;
  private push: DirectPush | undefined;
  private readonly topics = new Map<string, PushTopic & { direct: boolean; relays: boolean }>();
  private readonly protocols = new Map<string, { handler: RequestHandler; opts: ProtocolOptions }>();
  private readonly listeners = new Set<(e: PeerEvent) => void>();
  private readonly redialer: Redialer;
  private readonly ctx: ExchangeContext;
  private readonly log: Logger;
  private starting: Promise<void> | undefined;

  constructor(private readonly o: Libp2pNetworkOptions) {
    this.peerId = peerIdFromP2pKey(Ed25519Signer.fromSeed(o.p2pSeed).publicKey);
    this.log = (o.log ?? nullLogger).child({ module: 'p2p' });
    this.scores = new PeerScores(o.score, o.now);
    this.ctx = {
      auth: o.authorizer,
      scores: this.scores,
      offend: (peer, offence) => this.offend(peer, offence),
      log: this.log,
      serveTimeoutMs: o.serveTimeoutMs ?? 10_000,
      serving: new Set(),
    };
    this.redialer = new Redialer(
      o.bootstrap ?? [],
      (addr) => this.dial(addr),
      (peer) => this.peers().includes(peer),
      o.redial ?? DEFAULT_REDIAL,
    );
  }

  /** Start listening, dial the bootstrap peers; a second call while started does nothing. */
  start(): Promise<void> {
    this.starting ??= this.open().catch((e: unknown) => {
      this.starting = undefined;
      throw e;
    });
    return this.starting;
  }

  private async open(): Promise<void> {
    const node = await createP2pNode({
      seed: this.o.p2pSeed,
      listen: this.o.listen ?? ['/ip4/0.0.0.0/tcp/26656'],
      heartbeatMs: this.o.heartbeatMs ?? 1000,
      topics: [...this.topics.keys()],
      banned: (peer) => this.scores.banned(peer),
    });
    this.node = node;
    this.push = new DirectPush(node, this.ctx);
    node.addEventListener('peer:connect', (e) => this.emit({ type: 'connect', peer: e.detail.toString() }));
    node.addEventListener('peer:disconnect', (e) => {
      const peer = e.detail.toString();
      this.emit({ type: 'disconnect', peer });
      this.push?.forget(peer);
      this.redialer.disconnected(peer);
    });
    for (const t of this.topics.keys()) await this.attachTopic(node, t);
    for (const [p, h] of this.protocols) await serveProtocol(node, p, h.handler, h.opts, this.ctx);
    this.redialer.start();
    this.log.info({ peerId: this.peerId, addrs: this.addresses() }, 'p2p started');
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.starting = undefined;
    this.redialer.stop();
    // A handler that never returns must not keep its exchange's timer (and the process) alive.
    for (const t of this.ctx.serving) clearTimeout(t);
    this.ctx.serving.clear();
    const node = this.node;
    this.node = undefined;
    this.push?.close();
    this.push = undefined;
    await node?.stop();
  }

  /** Listen addresses, each ending in this node's `/p2p/<peer id>`. */
  addresses(): string[] {
    return this.running().getMultiaddrs().map(String);
  }

  /** Connect to a peer by multiaddr (bootstrap, tests). */
  async dial(addr: string): Promise<void> {
    const { multiaddr } = await import('@multiformats/multiaddr');
    await this.running().dial(multiaddr(addr));
  }

  private running(): P2pNode {
    if (this.node === undefined) throw new P2pError(P2pError.NOT_STARTED, 'p2p network not started');
    return this.node;
  }

  async publish(topic: string, data: Uint8Array, opts: PublishOptions = {}): Promise<void> {
    const t = this.topics.get(topic);
    const max = t?.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (data.length > max)
      throw new P2pError(P2pError.OVERSIZED, `message of ${data.length} bytes on ${topic}`);
    const pubsub = this.running().services.pubsub;
    // Asked to gossip: not pushed as well, since a peer that had the pushed copy would drop the
    // gossiped one without forwarding it to the peers it is meant to reach.
    if (t?.direct === true && this.push !== undefined && opts.gossip !== true) {
      this.push.firstSight(topic, data);
      const subscribers = pubsub.getSubscribers(topic);
      const missed = this.push.send(topic, data, subscribers);
      if (!missed && subscribers.length > 0) return;
    }
    try {
      await pubsub.publish(topic, data);
    } catch (e) {
      if (e instanceof P2pError) throw e;
      throw new P2pError(P2pError.PUBLISH_FAILED, (e as Error).message, { topic });
    }
  }

  subscribe(topic: string, handler: GossipHandler, opts: TopicOptions = {}): void {
    if (this.topics.has(topic))
      throw new P2pError(P2pError.DUPLICATE_HANDLER, `already subscribed: ${topic}`);
    const guard = topicGuard(this.ctx, handler, opts);
    const t = {
      guard,
      access: opts.access ?? 'registered',
      maxBytes: opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      direct: opts.direct ?? false,
      relays: opts.relay ?? false,
    } as const;
    this.topics.set(topic, t);
    const node = this.node;
    if (node === undefined) return;
    this.attachTopic(node, topic).catch((e: unknown) =>
      this.log.warn({ topic, reason: (e as Error).message }, 'cannot serve push streams'),
    );
  }

  private async attachTopic(node: P2pNode, topic: string): Promise<void> {
    const t = this.topics.get(topic)!;
    const pubsub = node.services.pubsub;
    const push = this.push;
    pubsub.topicValidators.set(topic, async (source: PeerId, msg: Message) => {
      // A copy of a message already had by push (or from a peer not heard on the topic, which
      // the guard would ignore as well): dropped quietly and not forwarded.
      if (t.direct && push !== undefined && !push.fresh(topic, source.toString(), t.access, msg.data))
        return 'ignore' as TopicValidatorResult;
      const origin = msg.type === 'signed' ? msg.from.toString() : source.toString();
      return (await t.guard(source.toString(), origin, msg.data)) as TopicValidatorResult;
    });
    pubsub.subscribe(topic);
    if (!t.direct || push === undefined) return;
    const relay = (data: Uint8Array) =>
      void pubsub.publish(topic, data).catch((e: unknown) => {
        this.log.debug({ topic, reason: (e as Error).message }, 'relay failed');
      });
    await push.serve(topic, t.relays ? { ...t, relay } : t);
  }

  unsubscribe(topic: string): void {
    const t = this.topics.get(topic);
    if (!this.topics.delete(topic) || this.node === undefined) return;
    if (t?.direct === true) void this.node.unhandle(pushProtocol(topic)).catch(() => undefined);
    this.node.services.pubsub.unsubscribe(topic);
    this.node.services.pubsub.topicValidators.delete(topic);
  }

  async request(
    peer: string,
    protocol: string,
    data: Uint8Array,
    timeoutMs: number,
    opts: RequestOptions = {},
  ): Promise<Uint8Array> {
    const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    return await sendRequest(this.running(), this.ctx, { peer, protocol, data, timeoutMs, maxResponseBytes });
  }

  async handle(protocol: string, handler: RequestHandler, opts: ProtocolOptions = {}): Promise<void> {
    if (this.protocols.has(protocol)) {
      throw new P2pError(P2pError.DUPLICATE_HANDLER, `already handled: ${protocol}`);
    }
    this.protocols.set(protocol, { handler, opts });
    if (this.node !== undefined) await serveProtocol(this.node, protocol, handler, opts, this.ctx);
  }

  peers(): string[] {
    return this.node === undefined ? [] : this.node.getPeers().map(String);
  }

  /** Peers known to be subscribed to `topic` (tests wait on it before publishing). */
  topicPeers(topic: string): string[] {
    return this.node === undefined ? [] : this.node.services.pubsub.getSubscribers(topic).map(String);
  }

  /** Peers this node has an open push stream to on a direct `topic` (tests wait on it). */
  pushPeers(topic: string): string[] {
    return this.push?.ready(topic) ?? [];
  }

  onPeer(listener: (e: PeerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: PeerEvent): void {
    for (const l of this.listeners) l(e);
  }

  private offend(peer: string, offence: Offence): void {
    if (!this.scores.penalize(peer, offence)) return;
    this.log.warn({ peer, offence }, 'peer banned');
    const node = this.node;
    if (node === undefined) return;
    const conns = node.getConnections().filter((c) => c.remotePeer.toString() === peer);
    for (const c of conns) void c.close().catch(() => c.abort(new P2pError(P2pError.REFUSED, 'banned')));
  }
}
