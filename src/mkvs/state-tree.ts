/**
 * The tree operations a state machine uses, offered by both the node-database {@link Tree} and
 * the resident {@link CompactTree}. The consensus executor is written against this, so a domain's
 * state can live in either without the executor knowing which.
 */
import type { TreeIterator } from './tree/iterator.js';
import type { WriteLog } from './writelog.js';

/** See the module header. */
export interface StateTree {
  /** The value of `key`, or null when absent. */
  get(key: Uint8Array): Promise<Uint8Array | null>;
  /** The same read when nothing must be waited for: the value or null, undefined → use {@link get}. */
  getNow(key: Uint8Array): Uint8Array | null | undefined;
  /** Insert or replace (a null/undefined value is stored as empty, as Oasis does). */
  insert(key: Uint8Array, value: Uint8Array | null | undefined): Promise<void>;
  /** The same insert when nothing must be waited for: true when done, false → use {@link insert}. */
  insertNow(key: Uint8Array, value: Uint8Array | null | undefined): boolean;
  /** Remove a key (no-op when absent). */
  remove(key: Uint8Array): Promise<void>;
  /** An ordered iterator over the current (uncommitted) content. */
  iterator(): TreeIterator;
  /** The root hash of the current content (hashing what changed). */
  rootHash(): Uint8Array;
  /** Hash and persist the current content as `version` of namespace `ns`; returns the root hash. */
  commit(ns: Uint8Array, version: bigint, rootType?: number): Promise<Uint8Array>;
  /** The changes of the last commit, sorted by key. */
  writeLog(): WriteLog;
}
