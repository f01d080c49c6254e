/**
 * {@link Network} over libp2p 2.x: TCP, Noise, Yamux, identify and gossipsub. Gossip validation runs
 * the topic's handler through {@link topicGuard}, so only accepted messages are forwarded and a
 * rejected one lowers the forwarder's score (ours, and gossipsub's own invalid-delivery penalty on
 * topics subscribed before start). A banned peer is disconnected and the connection gater refuses
 * it until the ban ends. libp2p is loaded on start, after the `Promise.withResolvers` polyfill.
 */
import './polyfill.js';
import type { GossipsubEvents } from '@chainsafe/libp2p-gossipsub';
import type { Identify } from '@libp2p/identify';
import type { Libp2p, Message, PeerId, PubSub, TopicValidatorResult } from '@libp2p/interface';
import { Ed25519Signer, type Logger, nullLogger } from '../common/index.js';
import type { PeerAuthorizer } from './admission.js';
import { DEFAULT_REDIAL, type RedialConfig, Redialer } from './bootstrap.js';
import { P2pError } from './errors.js';
import { libp2pKeyFromSeed, peerIdFromP2pKey } from './identity.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type GossipHandler,
  type Network,
  type PeerEvent,
  type ProtocolOptions,
  type RequestHandler,
  type RequestOptions,
  type TopicOptions,
} from './network.js';
import { sendRequest, serveProtocol } from './reqresp.js';
import { type Offence, PeerScores, type ScoreConfig } from './score.js';
import { type GuardContext, type TopicGuard, topicGuard } from './topic-guard.js';

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

type Node = Libp2p<{ identify: Identify; pubsub: PubSub<GossipsubEvents> }>;

/** Gossipsub's own penalty for invalid deliveries; the other topic score terms stay off. */
const TOPIC_SCORE = {
  topicWeight: 1,
  timeInMeshWeight: 0,
  firstMessageDeliveriesWeight: 0,
  meshMessageDeliveriesWeight: 0,
  meshFailurePenaltyWeight: 0,
  invalidMessageDeliveriesWeight: -10,
  invalidMessageDeliveriesDecay: 0.5,
};

export class Libp2pNetwork implements Network {
  readonly peerId: string;
  readonly scores: PeerScores;
  private node: Node | undefined;
  private readonly topics = new Map<string, { guard: TopicGuard; maxBytes: number }>();
  private readonly protocols = new Map<string, { handler: RequestHandler; opts: ProtocolOptions }>();
  private readonly listeners = new Set<(e: PeerEvent) => void>();
  private readonly redialer: Redialer;
  private readonly ctx: GuardContext & { serveTimeoutMs: number };
  private readonly log: Logger;

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
    };
    this.redialer = new Redialer(
      o.bootstrap ?? [],
      (addr) => this.dial(addr),
      (peer) => this.peers().includes(peer),
      o.redial ?? DEFAULT_REDIAL,
    );
  }

  async start(): Promise<void> {
    if (this.node !== undefined) return;
    const node = await this.createNode();
    this.node = node;
    node.addEventListener('peer:connect', (e) => this.emit({ type: 'connect', peer: e.detail.toString() }));
    node.addEventListener('peer:disconnect', (e) => {
      const peer = e.detail.toString();
      this.emit({ type: 'disconnect', peer });
      this.redialer.disconnected(peer);
    });
    for (const t of this.topics.keys()) this.attachTopic(node, t);
    for (const [p, h] of this.protocols) await serveProtocol(node, p, h.handler, h.opts, this.ctx);
    this.redialer.start();
    this.log.info({ peerId: this.peerId, addrs: this.addresses() }, 'p2p started');
  }

  private async createNode(): Promise<Node> {
    const [{ createLibp2p }, { tcp }, { noise }, { yamux }, { gossipsub }, { identify }, score] =
      await Promise.all([
        import('libp2p'),
        import('@libp2p/tcp'),
        import('@chainsafe/libp2p-noise'),
        import('@chainsafe/libp2p-yamux'),
        import('@chainsafe/libp2p-gossipsub'),
        import('@libp2p/identify'),
        import('@chainsafe/libp2p-gossipsub/score'),
      ]);
    const banned = (p: PeerId) => this.scores.banned(p.toString());
    const topics = Object.fromEntries(
      [...this.topics.keys()].map((t) => [t, score.createTopicScoreParams(TOPIC_SCORE)]),
    );
    try {
      return await createLibp2p({
        privateKey: await libp2pKeyFromSeed(this.o.p2pSeed),
        addresses: { listen: this.o.listen ?? ['/ip4/0.0.0.0/tcp/26656'] },
        transports: [tcp()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
        connectionGater: {
          denyDialPeer: banned,
          denyInboundEncryptedConnection: banned,
          denyOutboundEncryptedConnection: banned,
        },
        services: {
          identify: identify(),
          pubsub: gossipsub({
            allowPublishToZeroTopicPeers: true,
            fallbackToFloodsub: false,
            heartbeatInterval: this.o.heartbeatMs ?? 1000,
            maxInboundDataLength: DEFAULT_MAX_MESSAGE_BYTES + 64 * 1024,
            scoreParams: { topics },
          }),
        },
      });
    } catch (e) {
      throw new P2pError(P2pError.INVALID_CONFIG, `cannot start libp2p: ${(e as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    this.redialer.stop();
    const node = this.node;
    this.node = undefined;
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

  private running(): Node {
    if (this.node === undefined) throw new P2pError(P2pError.NOT_STARTED, 'p2p network not started');
    return this.node;
  }

  async publish(topic: string, data: Uint8Array): Promise<void> {
    const max = this.topics.get(topic)?.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (data.length > max)
      throw new P2pError(P2pError.OVERSIZED, `message of ${data.length} bytes on ${topic}`);
    try {
      await this.running().services.pubsub.publish(topic, data);
    } catch (e) {
      if (e instanceof P2pError) throw e;
      throw new P2pError(P2pError.PUBLISH_FAILED, (e as Error).message, { topic });
    }
  }

  subscribe(topic: string, handler: GossipHandler, opts: TopicOptions = {}): void {
    if (this.topics.has(topic))
      throw new P2pError(P2pError.DUPLICATE_HANDLER, `already subscribed: ${topic}`);
    const guard = topicGuard(this.ctx, handler, opts);
    this.topics.set(topic, { guard, maxBytes: opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES });
    if (this.node !== undefined) this.attachTopic(this.node, topic);
  }

  private attachTopic(node: Node, topic: string): void {
    const { guard } = this.topics.get(topic)!;
    const pubsub = node.services.pubsub;
    pubsub.topicValidators.set(topic, async (source: PeerId, msg: Message) => {
      const origin = msg.type === 'signed' ? msg.from.toString() : source.toString();
      return (await guard(source.toString(), origin, msg.data)) as TopicValidatorResult;
    });
    pubsub.subscribe(topic);
  }

  unsubscribe(topic: string): void {
    if (!this.topics.delete(topic) || this.node === undefined) return;
    this.node.services.pubsub.unsubscribe(topic);
    this.node.services.pubsub.topicValidators.delete(topic);
  }

  request(
    peer: string,
    protocol: string,
    data: Uint8Array,
    timeoutMs: number,
    opts: RequestOptions = {},
  ): Promise<Uint8Array> {
    const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    return sendRequest(this.running(), this.ctx, { peer, protocol, data, timeoutMs, maxResponseBytes });
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
