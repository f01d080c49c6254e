/**
 * Writing a checkpoint: each tree is rebuilt from verified chunks in a staging database (nothing
 * of an unverified chunk is written), committed at the checkpoint height under its domain's
 * namespace and checked against the committed root (a UED on the compact store is rebuilt in a
 * resident tree, then adopted as its state log's first snapshot); only then is the staged state moved into
 * the data dir: the trees, block h with its commit as the block store's base, the driver's
 * consensus state, and last the app's resume record, whose presence marks a complete restore.
 */
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bytesEqual } from '../common/index.js';
import {
  type ChainContexts,
  FileSignStateStore,
  LevelBlockStore,
  slotFilePaths,
} from '../consensus/bft/index.js';
import { domainNamespace } from '../consensus/index.js';
import { CompactState, CompactTree, type StateTree, verifyChunk } from '../mkvs/index.js';
import type { DataDirLayout } from './data-dir.js';
import { NodeError } from './errors.js';
import type { StateSyncClient } from './state-sync-client.js';
import type { TrustedCheckpoint } from './state-sync-trust.js';
import { type CheckpointOffer, type CheckpointRecord, TREE_IDS } from './state-sync-wire.js';

/** Most chunks a tree may be listed with (a million entries per thousand chunks). */
export const MAX_CHUNKS = 1 << 20;

/** Fetch, verify and write every chunk of one tree of `offer` from `peer` into the empty `tree`. */
export async function importTree(
  client: StateSyncClient,
  peer: string,
  offer: CheckpointOffer,
  which: 'ved' | 'ued',
  tree: StateTree,
  chainContext: string,
): Promise<void> {
  const root = which === 'ved' ? offer.ved_root : offer.ued_root;
  const count = which === 'ved' ? offer.ved_chunks : offer.ued_chunks;
  if (count < 1 || count > MAX_CHUNKS) {
    client.penalize(peer, 'malformed');
    throw new NodeError(NodeError.STATE_SYNC_UNTRUSTED, `${which} listed with ${count} chunks`);
  }
  let start: Uint8Array | null = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const chunk = await client.chunk(peer, offer.height, TREE_IDS[which], i);
    let next: Uint8Array | null;
    try {
      next = await verifyChunk(root, chunk, start!);
    } catch (e) {
      client.penalize(peer, 'malformed');
      throw e;
    }
    if ((next === null) !== (i === count - 1)) {
      client.penalize(peer, 'malformed');
      throw new NodeError(NodeError.STATE_SYNC_UNTRUSTED, `${which} chunk ${i} of ${count} ends wrongly`);
    }
    for (const e of chunk.entries) await tree.insert(e.key, e.value);
    start = next;
  }
  const got = await tree.commit(domainNamespace(which, chainContext), offer.height);
  if (!bytesEqual(got, root)) {
    throw new NodeError(
      NodeError.STATE_SYNC_UNTRUSTED,
      `rebuilt ${which} root differs from the committed one`,
    );
  }
}

/**
 * The UED of `offer` rebuilt in a resident tree and adopted by a compact state at `dir` (its
 * `log/`, as the UED worker opens it): the restored node resumes at the checkpoint's height.
 */
export async function importCompactUed(
  client: StateSyncClient,
  peer: string,
  offer: CheckpointOffer,
  dir: string,
  chainContext: string,
): Promise<void> {
  const tree = new CompactTree();
  await importTree(client, peer, offer, 'ued', tree, chainContext);
  const namespace = domainNamespace('ued', chainContext);
  await (await CompactState.adopt(join(dir, 'log'), tree, { namespace })).close();
}

/**
 * Move the staged trees into `layout` (the UED's to `staged.uedTo`, the directory of its store)
 * and write the block, consensus state and record.
 */
export async function installCheckpoint(
  layout: DataDirLayout,
  staged: { readonly ved: string; readonly ued: string; readonly uedTo: string },
  t: TrustedCheckpoint,
  record: CheckpointRecord,
  ctx: ChainContexts,
): Promise<void> {
  // Both slot files of each record go: a stale newer slot would hide the imported record.
  const records = [...slotFilePaths(layout.consensusState), ...slotFilePaths(layout.appRecord)];
  for (const p of [layout.vedDb, layout.uedDb, layout.uedCompact, layout.blocks, ...records]) {
    rmSync(p, { recursive: true, force: true });
  }
  renameSync(staged.ved, layout.vedDb);
  renameSync(staged.ued, staged.uedTo);
  const blocks = await LevelBlockStore.open(layout.blocks);
  try {
    const { block, commit } = t.decided;
    await blocks.save(block.header.height, ctx.blockBytes(block), ctx.commitBytes(commit));
  } finally {
    await blocks.close();
  }
  new FileSignStateStore(layout.consensusState).save(record.consensus_state);
  new FileSignStateStore(layout.appRecord).save(record.app_record);
}
