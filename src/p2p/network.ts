/**
 * The network as the rest of the node sees it: topic gossip with per-message verdicts, and
 * request/response over named protocols. The node runs it over libp2p ({@link Libp2pNetwork}); the
 * simulator and tests may provide their own implementation.
 */

/**
 * What a gossip handler decides about a message: `accept` delivers it and lets it be forwarded,
 * `ignore` drops it quietly, `reject` drops it and counts against the peer that sent it.
 */
export type Verdict = 'accept' | 'ignore' | 'reject';

/** Who may use a topic or protocol: any connected peer, or only peers with a registered p2p key. */
export type Access = 'open' | 'registered';

/** Called once per new gossip message; `from` is the peer id of the message's origin. */
export type GossipHandler = (from: string, data: Uint8Array) => Verdict | Promise<Verdict>;

/**
 * Answers one request. Throwing a `P2pError` MALFORMED counts against the requester; any throw
 * ends the exchange without an answer.
 */
export type RequestHandler = (from: string, data: Uint8Array) => Promise<Uint8Array>;

/** Options of a subscription. */
export interface TopicOptions {
  /** Default `registered`: messages from unregistered peers are ignored before the handler. */
  access?: Access;
  /** Larger messages are rejected before the handler (default {@link DEFAULT_MAX_MESSAGE_BYTES}). */
  maxBytes?: number;
  /**
   * Publish to directly connected subscribers over push streams, not forwarded by receivers
   * (push.ts); gossip then relays only what {@link PublishOptions.gossip} asks for and what a
   * subscriber without a push stream needs. Default false: gossip only.
   */
  direct?: boolean;
  /**
   * On a direct topic, gossip every message received by push and accepted, so it reaches peers
   * that are not connected to its author (a full node between validators and nodes behind it).
   * Validators, connected to each other, leave it off. Default false.
   */
  relay?: boolean;
}

/** Options of one publish. */
export interface PublishOptions {
  /**
   * Gossip the message even on a direct topic, so it is relayed beyond the directly connected
   * peers (e.g. a message sent again because it may not have reached everyone).
   */
  gossip?: boolean;
}

/** Options of a request/response protocol handler. */
export interface ProtocolOptions {
  /** Default `registered`: streams from unregistered peers are refused before the handler. */
  access?: Access;
  /** Larger request frames are refused before they are buffered. */
  maxRequestBytes?: number;
}

/** Options of one request. */
export interface RequestOptions {
  /** Larger response frames are refused before they are buffered (and count against the peer). */
  maxResponseBytes?: number;
}

/** A peer connected or disconnected (its first connection opened, its last one closed). */
export interface PeerEvent {
  type: 'connect' | 'disconnect';
  peer: string;
}

/** Default size limit of a gossip message and of a request or response frame (5 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

/** A peer-to-peer network endpoint. Peers are named by their peer id strings. */
export interface Network {
  /** This node's peer id. */
  readonly peerId: string;
  start(): Promise<void>;
  /** Stop, close every connection and cancel every timer; pending requests fail. */
  stop(): Promise<void>;
  /** Gossip `data` on `topic` (also when no peer listens yet); see {@link TopicOptions.direct}. */
  publish(topic: string, data: Uint8Array, opts?: PublishOptions): Promise<void>;
  /** Listen on `topic`; one handler per topic. */
  subscribe(topic: string, handler: GossipHandler, opts?: TopicOptions): void;
  unsubscribe(topic: string): void;
  /** Send one request frame and wait for one response frame. */
  request(
    peer: string,
    protocol: string,
    data: Uint8Array,
    timeoutMs: number,
    opts?: RequestOptions,
  ): Promise<Uint8Array>;
  /** Answer requests on `protocol`; one handler per protocol. */
  handle(protocol: string, handler: RequestHandler, opts?: ProtocolOptions): Promise<void>;
  /** Peer ids of the currently connected peers. */
  peers(): string[];
  /** Listen to connects and disconnects; returns a function that removes the listener. */
  onPeer(listener: (e: PeerEvent) => void): () => void;
}
