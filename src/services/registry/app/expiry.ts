/**
 * Node expiry at epoch transitions (spec/oasis.md §6): a node whose expiration is before the
 * epoch is expired but stays (still slashable) until `debonding_interval` epochs after it, then it
 * is removed with its status and indexes. Nodes are visited in id order.
 */

import type { BlockContext } from '../../../consensus/index.js';
import { EVENT_NODE_EXPIRED, EVENT_NODE_REMOVED, type Node, REGISTRY_MODULE } from '../api/index.js';
import { RegistryStateWriter } from '../state/index.js';

/** Process expirations for `epoch`; returns the removed nodes. */
export async function processExpiredNodes(ctx: BlockContext, epoch: bigint): Promise<Node[]> {
  const w = new RegistryStateWriter(ctx.state);
  const params = await w.paramsOrNull();
  if (params === null) return [];
  const removed: Node[] = [];
  for (const n of await w.nodes()) {
    if (n.expiration >= epoch) continue;
    if (n.expiration + params.debonding_interval < epoch) {
      w.removeNode(n);
      removed.push(n);
      ctx.emit({ module: REGISTRY_MODULE, kind: EVENT_NODE_REMOVED, value: { id: n.id } });
      continue;
    }
    const s = await w.nodeStatus(n.id);
    if (s !== null && !s.expiration_processed) {
      w.setNodeStatus(n.id, { ...s, expiration_processed: true });
      ctx.emit({ module: REGISTRY_MODULE, kind: EVENT_NODE_EXPIRED, value: { id: n.id } });
    }
  }
  return removed;
}
