/**
 * Which peers count as registered on this node: the nodes of the chain's registry (their p2p
 * keys, while their registration has not expired), read again after each committed block, plus
 * the peers the config names in `p2p.bootstrap` and `p2p.registered_peers` (an operator's
 * override, e.g. for nodes not registered yet) and this node itself. Any other peer may still
 * gossip transactions and ask for decided blocks (both open), but is not heard on consensus.
 */
import { toHex } from '../common/index.js';
import { type ChainApp, RuntimeQueries, vedView } from '../domains/index.js';
import { type PeerAuthorizer, p2pKeyOfPeer, peerOfAddr } from '../p2p/index.js';
import type { Node } from '../services/registry/index.js';
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

/** The config's peers plus the registry's live nodes (see the module header). */
export class RegistryAuthorizer implements PeerAuthorizer {
  private registered = new Set<string>();
  private refreshing: Promise<void> | undefined;

  constructor(private readonly configured: PeerAuthorizer) {}

  isRegistered(p2pPublicKey: Uint8Array): boolean {
    return this.configured.isRegistered(p2pPublicKey) || this.registered.has(toHex(p2pPublicKey));
  }

  /** Registered p2p keys from the registry (not counting the config's). */
  get size(): number {
    return this.registered.size;
  }

  /** Take the p2p keys of `nodes` whose registration covers `epoch`. */
  update(nodes: readonly Node[], epoch: bigint): void {
    this.registered = new Set(nodes.filter((n) => n.expiration >= epoch).map((n) => toHex(n.p2p.id)));
  }

  /**
   * Read the registry of the app's committed state again. Calls while one runs share it (the
   * next commit's call brings any change made meanwhile).
   */
  refresh(app: ChainApp): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const nodes = await new RuntimeQueries(vedView(app.vedTree)).nodes();
        this.update(nodes, app.programs.schedule.epochOf(app.committed.height));
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}
