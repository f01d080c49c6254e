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

/** True when `peer` may use a topic or protocol with the given access level. */
export function admitted(auth: PeerAuthorizer, peer: string, access: Access): boolean {
  if (access === 'open') return true;
  const key = p2pKeyOfPeer(peer);
  return key !== undefined && auth.isRegistered(key);
}
