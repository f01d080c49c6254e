/**
 * Admission: peers whose p2p key is registered (nodes of the registry) may use every topic and
 * protocol; any other peer may only use those marked `open` (transaction gossip). The registry is
 * asked on every check, so a node that registers or deregisters takes effect at once.
 */
import { p2pKeyOfPeer } from './identity.js';
import type { Access } from './network.js';

/** Tells whether a p2p public key belongs to a registered node (injected by the node). */
export interface PeerAuthorizer {
  isRegistered(p2pPublicKey: Uint8Array): boolean;
}

/** An authorizer that admits every peer (tests, or a network of full nodes only). */
export const ADMIT_ALL: PeerAuthorizer = { isRegistered: () => true };

/** Peer ids whose key is remembered; past this the memory starts over (an attacker can only cost re-parsing). */
export const PEER_KEY_CACHE_SIZE = 4096;

// Every gossip message is admitted by its forwarder's peer id, and parsing that id (base58,
// multihash, protobuf) cost more than the rest of the check: the key a peer id names never
// changes, so it is remembered (null for ids that name no Ed25519 key). Only the registration is
// asked again each time.
const peerKeys = new Map<string, Uint8Array | null>();

/** The p2p key `peer` names (see {@link p2pKeyOfPeer}), remembered; callers must not mutate it. */
export function cachedP2pKey(peer: string): Uint8Array | undefined {
  let key = peerKeys.get(peer);
  if (key === undefined) {
    if (peerKeys.size >= PEER_KEY_CACHE_SIZE) peerKeys.clear();
    key = p2pKeyOfPeer(peer) ?? null;
    peerKeys.set(peer, key);
  }
  return key ?? undefined;
}

/** How many peer ids are remembered now (never more than {@link PEER_KEY_CACHE_SIZE}). */
export function rememberedPeerKeys(): number {
  return peerKeys.size;
}

/** True when `peer` may use a topic or protocol with the given access level. */
export function admitted(auth: PeerAuthorizer, peer: string, access: Access): boolean {
  if (access === 'open') return true;
  const key = cachedP2pKey(peer);
  return key !== undefined && auth.isRegistered(key);
}
