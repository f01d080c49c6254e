/**
 * Serving state sync: any peer (registered or not, so full nodes can join) may list the
 * checkpoints this node offers, fetch a checkpoint's record and fetch chunk i of either tree,
 * built on demand with its proof. Only checkpoints below the decided tip are listed, so the block
 * after each (whose commit carries the UED reports a joining node checks) can be fetched too.
 * Requests are bounded before they are read; a malformed one counts against the requester.
 */
import { buildChunk } from '../mkvs/index.js';
import { type Network, stateSyncProtocol } from '../p2p/index.js';
import { NodeError } from './errors.js';
import type { Checkpoint, CheckpointSource } from './state-sync-checkpoints.js';
import {
  decodeStateSyncRequest,
  encodeStateSyncResponse,
  STATE_SYNC_MAX_REQUEST_BYTES,
  type StateSyncRequest,
} from './state-sync-wire.js';

/** Answer one decoded request from `src` (exported for tests). */
export async function answerStateSync(
  req: StateSyncRequest,
  src: CheckpointSource,
  tip: () => bigint,
): Promise<Uint8Array> {
  if ('list' in req) {
    const top = tip();
    return encodeStateSyncResponse({ checkpoints: src.list().filter((o) => o.height < top) });
  }
  const height = 'record' in req ? req.record : req.chunk.height;
  const cp = src.get(height);
  if (cp === undefined) throw new NodeError(NodeError.UNAVAILABLE, `no checkpoint at ${height}`);
  if ('record' in req) return encodeStateSyncResponse({ record: cp.record });
  return encodeStateSyncResponse({ chunk: await chunkOf(cp, req.chunk.tree, req.chunk.index) });
}

function chunkOf(cp: Checkpoint, tree: number, index: number) {
  if (tree !== 0 && tree !== 1) throw new NodeError(NodeError.UNAVAILABLE, `no tree ${tree}`);
  const which = tree === 0 ? 'ved' : 'ued';
  const start = cp.starts[which][index];
  if (start === undefined) throw new NodeError(NodeError.UNAVAILABLE, `no chunk ${index}`);
  return buildChunk(cp.trees[which], start);
}

/** Serve the checkpoints of `src` on the chain's state-sync protocol. */
export async function serveStateSync(
  net: Network,
  chainId: string,
  src: CheckpointSource,
  tip: () => bigint,
): Promise<void> {
  await net.handle(
    stateSyncProtocol(chainId),
    (_from, data) => answerStateSync(decodeStateSyncRequest(data), src, tip),
    { access: 'open', maxRequestBytes: STATE_SYNC_MAX_REQUEST_BYTES },
  );
}
