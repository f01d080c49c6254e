/**
 * Which peers count as registered on this node. The genesis documents of today register no node
 * p2p keys, so until the registry holds them the set comes from the config: the peers named in
 * `p2p.bootstrap` and in `p2p.registered_peers`, plus this node itself. Any other peer may still
 * gossip transactions and ask for decided blocks (both open), but is not heard on consensus.
 */
import { toHex } from '../common/index.js';
import { type PeerAuthorizer, p2pKeyOfPeer, peerOfAddr } from '../p2p/index.js';
import { NodeError } from './errors.js';

/** The registered p2p keys of a config, checked: every peer id must name an Ed25519 key. */
export function configAuthorizer(
  self: Uint8Array,
  bootstrap: readonly string[],
  registered: readonly string[],
): PeerAuthorizer {
  const keys = new Set<string>([toHex(self)]);
  for (const peer of [...bootstrap.map(peerOfAddr), ...registered]) {
    const key = p2pKeyOfPeer(peer);
    if (key === undefined) {
      throw new NodeError(NodeError.CONFIG, `p2p: ${peer} is not the peer id of an Ed25519 p2p key`);
    }
    keys.add(toHex(key));
  }
  return { isRegistered: (pub) => keys.has(toHex(pub)) };
}
