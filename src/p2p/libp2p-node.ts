/**
 * Builds the libp2p node: TCP, Noise, Yamux, identify and gossipsub, with a connection gater that
 * refuses banned peers. The modules are imported here, lazily, so the `Promise.withResolvers`
 * polyfill is always in place before libp2p runs.
 */
import './polyfill.js';
import type { GossipsubEvents } from '@chainsafe/libp2p-gossipsub';
import type { Identify } from '@libp2p/identify';
import type { Libp2p, PeerId, PubSub } from '@libp2p/interface';
import { P2pError } from './errors.js';
import { libp2pKeyFromSeed } from './identity.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './network.js';

/** The libp2p node with the services Tandem uses. */
export type P2pNode = Libp2p<{ identify: Identify; pubsub: PubSub<GossipsubEvents> }>;

/** What the node is built from. */
export interface NodeConfig {
  seed: Uint8Array;
  listen: string[];
  heartbeatMs: number;
  /** Topics that get gossipsub's invalid-delivery penalty. */
  topics: string[];
  banned: (peer: string) => boolean;
}

/**
 * Gossipsub's own penalty for invalid deliveries (weight × count², count halving every second);
 * the other topic terms stay off. It is kept gentle so that Tandem's own score (which bans and
 * disconnects) acts first: ten rejects cost -50 here, short of gossipsub's graylist at -80.
 */
const TOPIC_SCORE = {
  topicWeight: 1,
  timeInMeshWeight: 0,
  firstMessageDeliveriesWeight: 0,
  meshMessageDeliveriesWeight: 0,
  meshFailurePenaltyWeight: 0,
  invalidMessageDeliveriesWeight: -0.5,
  invalidMessageDeliveriesDecay: 0.5,
};

/** Create and start a libp2p node. */
export async function createP2pNode(cfg: NodeConfig): Promise<P2pNode> {
  const [{ createLibp2p }, { tcp }, { noise }, { yamux }, { gossipsub }, { identify }, score, window] =
    await Promise.all([
      import('libp2p'),
      import('@libp2p/tcp'),
      import('@chainsafe/libp2p-noise'),
      import('@chainsafe/libp2p-yamux'),
      import('@chainsafe/libp2p-gossipsub'),
      import('@libp2p/identify'),
      import('@chainsafe/libp2p-gossipsub/score'),
      import('./yamux-window.js'),
    ]);
  window.halfWindowUpdates();
  const banned = (p: PeerId) => cfg.banned(p.toString());
  const topics = Object.fromEntries(cfg.topics.map((t) => [t, score.createTopicScoreParams(TOPIC_SCORE)]));
  try {
    return await createLibp2p({
      privateKey: await libp2pKeyFromSeed(cfg.seed),
      addresses: { listen: cfg.listen },
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
          // Transactions and consensus messages carry their own signatures: libp2p's per-message
          // signature (13% of a validator's CPU) would only sign them again. Message ids are then
          // hashes of the data, and admission judges the forwarding peer (topic-guard.ts).
          globalSignaturePolicy: 'StrictNoSign',
          allowPublishToZeroTopicPeers: true,
          fallbackToFloodsub: false,
          heartbeatInterval: cfg.heartbeatMs,
          maxInboundDataLength: DEFAULT_MAX_MESSAGE_BYTES + 64 * 1024,
          scoreParams: { topics },
        }),
      },
    });
  } catch (e) {
    throw new P2pError(P2pError.INVALID_CONFIG, `cannot start libp2p: ${(e as Error).message}`);
  }
}
