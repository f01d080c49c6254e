/** The node database interface: where committed nodes and versioned roots live. */
import type { Node } from '../node.js';
import type { Root } from '../root.js';

/** Everything one commit writes, applied atomically. */
export interface CommitBatch {
  root: Root;
  /** New nodes (hashed, clean), children first. */
  nodes: readonly Node[];
}

/**
 * A store of committed nodes by hash plus versioned roots. `commit` is atomic: after a crash the
 * database holds either the previous state or the whole new commit.
 */
export interface NodeDB {
  /** A committed node by hash, or undefined. Returned nodes are clean and must not be mutated. */
  getNode(hash: Uint8Array): Promise<Node | undefined>;
  /**
   * The same lookup without a promise, for databases that can read synchronously (reads of the
   * tree then take no microtask per level); undefined when the node is not there.
   */
  getNodeSync?(hash: Uint8Array): Node | undefined;
  /** Persist a commit atomically. Versions of one root type never decrease. */
  commit(batch: CommitBatch): Promise<void>;
  /** True when the root was committed (and not pruned). */
  hasRoot(root: Root): Promise<boolean>;
  /** Roots committed at a version. */
  rootsAt(version: bigint): Promise<Root[]>;
  /** Highest committed version, if any. */
  latestVersion(): Promise<bigint | undefined>;
  /** Lowest version still held, if any. */
  earliestVersion(): Promise<bigint | undefined>;
  /**
   * Drop every root of versions ≤ `version`, then every node no longer reachable from a kept
   * root. Returns the number of nodes removed.
   */
  prune(version: bigint): Promise<number>;
  /**
   * Whether trees should drop their resident nodes after a commit and read through this
   * database (true for disk backends with a bounded cache; false in memory).
   */
  readonly dropResidentAfterCommit: boolean;
  close(): Promise<void>;
}
