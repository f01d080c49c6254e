/**
 * In-memory node database. Stores the committed node objects themselves (clean nodes are
 * immutable, so sharing them is safe), which keeps trees opened from it fully resident.
 */
import { bytesEqual, toHex } from '../../common/index.js';
import { MkvsError } from '../errors.js';
import { HashIndex } from '../hash-index.js';
import type { Node } from '../node.js';
import type { Root } from '../root.js';
import type { CommitBatch, NodeDB } from './api.js';
import { reachableHashes } from './reachable.js';

export class MemoryNodeDB implements NodeDB {
  readonly dropResidentAfterCommit = false;
  // By hash through a small-integer index: a commit adds thousands of nodes (see HashIndex).
  private readonly nodes = new HashIndex<Node>();
  private readonly roots = new Map<bigint, Root[]>();
  private closed = false;

  /** Number of stored nodes (tests, metrics). */
  get size(): number {
    return this.nodes.size;
  }

  async getNode(hash: Uint8Array): Promise<Node | undefined> {
    return this.getNodeSync(hash);
  }

  /** Synchronous {@link getNode} (the nodes are in memory). */
  getNodeSync(hash: Uint8Array): Node | undefined {
    this.check();
    return this.nodes.size === 0 ? undefined : this.nodes.get(hash);
  }

  async commit(batch: CommitBatch): Promise<void> {
    this.check();
    checkVersion(await this.latestVersion(), batch.root.version);
    for (const n of batch.nodes) this.nodes.set(n.hash!, n);
    const list = this.roots.get(batch.root.version) ?? [];
    if (!list.some((r) => sameRoot(r, batch.root))) list.push(batch.root);
    this.roots.set(batch.root.version, list);
  }

  async hasRoot(root: Root): Promise<boolean> {
    return (this.roots.get(root.version) ?? []).some((r) => sameRoot(r, root));
  }

  async rootsAt(version: bigint): Promise<Root[]> {
    return [...(this.roots.get(version) ?? [])];
  }

  async latestVersion(): Promise<bigint | undefined> {
    let m: bigint | undefined;
    for (const v of this.roots.keys()) if (m === undefined || v > m) m = v;
    return m;
  }

  async earliestVersion(): Promise<bigint | undefined> {
    let m: bigint | undefined;
    for (const v of this.roots.keys()) if (m === undefined || v < m) m = v;
    return m;
  }

  async prune(version: bigint): Promise<number> {
    this.check();
    for (const v of [...this.roots.keys()]) if (v <= version) this.roots.delete(v);
    const kept = [...this.roots.values()].flat().map((r) => r.hash);
    const live = await reachableHashes(kept, async (h) => this.nodes.get(h));
    let removed = 0;
    for (const n of [...this.nodes.values()]) {
      if (!live.has(toHex(n.hash!))) {
        this.nodes.delete(n.hash!);
        removed++;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw new MkvsError(MkvsError.CLOSED, 'node database is closed');
  }
}

/** Same namespace, version, type and hash. */
export function sameRoot(a: Root, b: Root): boolean {
  return (
    a.version === b.version &&
    a.root_type === b.root_type &&
    bytesEqual(a.hash, b.hash) &&
    bytesEqual(a.ns, b.ns)
  );
}

/** Versions of one root type must not go backwards. */
export function checkVersion(latest: bigint | undefined, version: bigint): void {
  if (latest !== undefined && version < latest) {
    throw new MkvsError(MkvsError.VERSION_ORDER, `commit at version ${version} after version ${latest}`);
  }
}
