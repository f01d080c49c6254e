/**
 * An in-process {@link Network} for tests and single-process compositions: every started member of
 * a {@link MemoryHub} is connected to every other, gossip goes straight to each subscriber (no
 * forwarding), requests call the target's handler. Admission, size limits, verdict scoring and
 * timeouts follow the libp2p network's rules, so code tested here behaves the same over libp2p.
 */
import { Ed25519Signer, type Logger, nullLogger } from '../common/index.js';
import { admitted, type PeerAuthorizer } from './admission.js';
import { P2pError } from './errors.js';
import { peerIdFromP2pKey } from './identity.js';
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
import { PeerScores } from './score.js';
import { type GuardContext, type TopicGuard, topicGuard } from './topic-guard.js';

/** The members of one in-memory network. */
export class MemoryHub {
  readonly members = new Map<string, MemoryNetwork>();
}

/** One member of a {@link MemoryHub}. */
export class MemoryNetwork implements Network {
  readonly peerId: string;
  readonly scores = new PeerScores();
  private running = false;
  private readonly topics = new Map<string, TopicGuard>();
  private readonly protocols = new Map<string, { handler: RequestHandler; opts: ProtocolOptions }>();
  private readonly listeners = new Set<(e: PeerEvent) => void>();
  private readonly log: Logger;

  constructor(
    private readonly hub: MemoryHub,
    p2pSeed: Uint8Array,
    private readonly auth: PeerAuthorizer,
    log: Logger = nullLogger,
  ) {
    this.peerId = peerIdFromP2pKey(Ed25519Signer.fromSeed(p2pSeed).publicKey);
    this.log = log.child({ module: 'p2p-memory' });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const other of this.hub.members.values()) {
      other.emit({ type: 'connect', peer: this.peerId });
      this.emit({ type: 'connect', peer: other.peerId });
    }
    this.hub.members.set(this.peerId, this);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.hub.members.delete(this.peerId);
    for (const other of this.hub.members.values()) other.emit({ type: 'disconnect', peer: this.peerId });
  }

  async publish(topic: string, data: Uint8Array): Promise<void> {
    if (!this.running) throw new P2pError(P2pError.NOT_STARTED, 'memory network not started');
    for (const other of [...this.hub.members.values()]) {
      if (other !== this) await other.topics.get(topic)?.(this.peerId, this.peerId, data.slice());
    }
  }

  subscribe(topic: string, handler: GossipHandler, opts: TopicOptions = {}): void {
    if (this.topics.has(topic))
      throw new P2pError(P2pError.DUPLICATE_HANDLER, `already subscribed: ${topic}`);
    this.topics.set(topic, topicGuard(this.guardContext(), handler, opts));
  }

  private guardContext(): GuardContext {
    return {
      auth: this.auth,
      scores: this.scores,
      // No connections to close here: a banned member is simply not heard.
      offend: (peer, offence) => void this.scores.penalize(peer, offence),
      log: this.log,
    };
  }

  unsubscribe(topic: string): void {
    this.topics.delete(topic);
  }

  async request(
    peer: string,
    protocol: string,
    data: Uint8Array,
    timeoutMs: number,
    opts: RequestOptions = {},
  ): Promise<Uint8Array> {
    if (!this.running) throw new P2pError(P2pError.NOT_STARTED, 'memory network not started');
    const target = this.hub.members.get(peer);
    if (target === undefined) throw new P2pError(P2pError.REQUEST_FAILED, 'peer not connected', { peer });
    const resp = await withTimeout(target.serve(this.peerId, protocol, data.slice()), timeoutMs);
    const max = opts.maxResponseBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (resp.length > max) {
      this.scores.penalize(peer, 'oversized');
      throw new P2pError(P2pError.OVERSIZED, `frame of ${resp.length} bytes exceeds ${max}`);
    }
    return resp.slice();
  }

  private async serve(from: string, protocol: string, data: Uint8Array): Promise<Uint8Array> {
    const h = this.protocols.get(protocol);
    if (
      h === undefined ||
      this.scores.banned(from) ||
      !admitted(this.auth, from, h.opts.access ?? 'registered')
    ) {
      throw new P2pError(P2pError.REQUEST_FAILED, 'request refused');
    }
    if (data.length > (h.opts.maxRequestBytes ?? DEFAULT_MAX_MESSAGE_BYTES)) {
      this.scores.penalize(from, 'oversized');
      throw new P2pError(P2pError.REQUEST_FAILED, 'request refused');
    }
    try {
      return await h.handler(from, data);
    } catch (e) {
      if (isMalformed(e)) this.scores.penalize(from, 'malformed');
      throw new P2pError(P2pError.REQUEST_FAILED, 'request failed');
    }
  }

  async handle(protocol: string, handler: RequestHandler, opts: ProtocolOptions = {}): Promise<void> {
    if (this.protocols.has(protocol)) {
      throw new P2pError(P2pError.DUPLICATE_HANDLER, `already handled: ${protocol}`);
    }
    this.protocols.set(protocol, { handler, opts });
  }

  peers(): string[] {
    return this.running ? [...this.hub.members.keys()].filter((p) => p !== this.peerId) : [];
  }

  onPeer(listener: (e: PeerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: PeerEvent): void {
    for (const l of this.listeners) l(e);
  }
}

function isMalformed(e: unknown): boolean {
  return e instanceof P2pError && e.code === P2pError.MALFORMED;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new P2pError(P2pError.TIMEOUT, `no response within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
