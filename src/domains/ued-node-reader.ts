/**
 * A read-only {@link NodeDB} over nodes fetched by hash from elsewhere: with the UED on its worker
 * thread, the worker owns the UED's LevelDB (one opener only), so the main thread reads committed
 * UED roots (e.g. to serve a state-sync checkpoint) by asking the worker for each node. Nodes come
 * in their stored encoding and are decoded strictly; anything that would write is refused.
 */
import { type CommitBatch, decodeNode, leafHash, type Node, type NodeDB, type Root } from '../mkvs/index.js';
import { DomainsError } from './errors.js';
import type { UedRunner } from './ued-runner.js';
import { WorkerUedRunner } from './ued-worker-runner.js';

/** Fetches a committed node's stored (`full`) encoding by hash, or null. */
export type NodeFetch = (hash: Uint8Array) => Promise<Uint8Array | null>;

/**
 * The fetch of a UED runner's nodes: through its worker thread, which owns the database; APP_STATE
 * for the inline runner, whose database the caller holds itself.
 */
export function uedNodeFetch(runner: () => UedRunner | undefined): NodeFetch {
  return (hash) => {
    const r = runner();
    if (r === undefined) return Promise.resolve(null);
    if (!(r instanceof WorkerUedRunner)) {
      return Promise.reject(
        new DomainsError(DomainsError.APP_STATE, 'the UED runs inline: read its database'),
      );
    }
    return r.nodeBytes(hash);
  };
}

function readOnly(): Promise<never> {
  return Promise.reject(
    new DomainsError(DomainsError.READ_ONLY, 'the UED nodes seen from the main thread are read-only'),
  );
}

/** See the module header. */
export class FetchedNodeReader implements NodeDB {
  readonly dropResidentAfterCommit = true;

  constructor(private readonly fetch: NodeFetch) {}

  async getNode(hash: Uint8Array): Promise<Node | undefined> {
    const raw = await this.fetch(hash);
    if (raw === null) return undefined;
    const n = decodeNode(raw, 'full');
    // Stored nodes carry no hash of their own: the key they were found under is it.
    n.hash = hash;
    if (n.type === 1 && n.leaf !== null && n.leaf.type === 0)
      n.leaf.hash = leafHash(n.leaf.key, n.leaf.value);
    return n;
  }

  async hasRoot(root: Root): Promise<boolean> {
    return (await this.fetch(root.hash)) !== null;
  }

  commit(_batch: CommitBatch): Promise<void> {
    return readOnly();
  }

  prune(_version: bigint): Promise<number> {
    return readOnly();
  }

  rootsAt(): Promise<Root[]> {
    return readOnly();
  }

  latestVersion(): Promise<bigint | undefined> {
    return readOnly();
  }

  earliestVersion(): Promise<bigint | undefined> {
    return readOnly();
  }

  async close(): Promise<void> {}
}
