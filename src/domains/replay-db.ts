/**
 * The UED's node database while a resumed app executes heights again: the UED may have committed
 * heights its resume record does not name yet (the record is saved when the outcome reaches the
 * main thread, which a kill can prevent), and a node database never takes a version below its
 * latest. Up to that latest version a commit is therefore checked, not written: the same height
 * executed again must give the root already stored (nodes are content-addressed, so the tree's
 * nodes are there too); another root means this node's UED is not deterministic, a coded error.
 */
import { toHex } from '../common/index.js';
import type { CommitBatch, NodeDB, Root } from '../mkvs/index.js';
import { DomainsError } from './errors.js';

/** Wrap `db` so commits up to its current latest version are checks (see the module header). */
export async function replayingNodeDB(db: NodeDB): Promise<NodeDB> {
  const ahead = await db.latestVersion();
  if (ahead === undefined) return db;
  return new ReplayNodeDB(db, ahead);
}

class ReplayNodeDB implements NodeDB {
  readonly dropResidentAfterCommit: boolean;
  readonly getNodeSync?: NodeDB['getNodeSync'];

  constructor(
    private readonly db: NodeDB,
    private readonly ahead: bigint,
  ) {
    this.dropResidentAfterCommit = db.dropResidentAfterCommit;
    if (db.getNodeSync) this.getNodeSync = (h) => db.getNodeSync!(h);
  }

  async commit(batch: CommitBatch): Promise<void> {
    if (batch.root.version > this.ahead) return this.db.commit(batch);
    if (await this.db.hasRoot(batch.root)) return;
    throw new DomainsError(
      DomainsError.WORKER_FAILED,
      `UED height ${batch.root.version} executed again gives root ${toHex(batch.root.hash)}, not the stored one`,
    );
  }

  getNode(hash: Uint8Array) {
    return this.db.getNode(hash);
  }

  hasRoot(root: Root): Promise<boolean> {
    return this.db.hasRoot(root);
  }

  rootsAt(version: bigint): Promise<Root[]> {
    return this.db.rootsAt(version);
  }

  latestVersion(): Promise<bigint | undefined> {
    return this.db.latestVersion();
  }

  earliestVersion(): Promise<bigint | undefined> {
    return this.db.earliestVersion();
  }

  prune(version: bigint): Promise<number> {
    return this.db.prune(version);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
