/**
 * `p2p`: the node's peer-to-peer layer. A {@link Network} interface (gossip with verdicts,
 * request/response, peer events), its libp2p implementation (and an in-memory one) with admission of registered peers,
 * peer scoring and bans, bootstrap redials, topic and protocol names, the p2p identity derived
 * from the registered p2p key, direct push to connected subscribers, and the BFT transport adapter.
 */
import './polyfill.js';

export {
  ADMIT_ALL,
  admitted,
  cachedP2pKey,
  PEER_KEY_CACHE_SIZE,
  type PeerAuthorizer,
  rememberedPeerKeys,
} from './admission.js';
export { type BftReceiver, BftTransport, type BftTransportOptions } from './bft-transport.js';
export { DEFAULT_REDIAL, peerOfAddr, type RedialConfig, Redialer } from './bootstrap.js';
export { P2pError } from './errors.js';
export { type Chunk, encodeFrame, readFrame } from './frame.js';
export { libp2pKeyFromSeed, p2pKeyOfPeer, peerIdFromP2pKey } from './identity.js';
export { Libp2pNetwork, type Libp2pNetworkOptions } from './libp2p-network.js';
export { MemoryHub, MemoryNetwork } from './memory-network.js';
export * from './network.js';
export { DirectPush, PUSH_QUEUE_BYTES, PUSH_SEEN_SIZE, type PushTopic } from './push.js';
export { DEFAULT_SCORE, type Offence, PeerScores, type ScoreConfig } from './score.js';
export * from './topics.js';
