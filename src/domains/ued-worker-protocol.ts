/**
 * The messages between the main thread and the UED worker (see ued-worker-main.ts and
 * ued-worker-runner.ts). Blocks and outcomes travel as canonical CBOR bytes (ued-wire.ts) in
 * transferred buffers; the rest are small control messages.
 */

/** Hooks for tests: slow the worker down, or make it fail at a height. */
export interface UedWorkerHooks {
  /** Sleep this long before each block executed (not before one adopted from a speculation). */
  readonly delayMs?: number;
  /**
   * Sleep this long per transaction of each block executed: heavier programs, on the worker's own
   * core (the benchmark's UED load).
   */
  readonly costMsPerTx?: number;
  /** Throw while executing this height. */
  readonly throwAt?: bigint;
  /** Exit the thread (as a crash) when handed this height. */
  readonly exitAt?: bigint;
}

/** The two stores a UED can live in (docs/state.md, "Where a domain's state lives"). */
export type UedStoreKind = 'nodes' | 'compact';

/** What the worker is started with (structured-cloned once, at start). */
export interface UedWorkerData {
  /** The canonical genesis document. */
  readonly genesis: Uint8Array;
  /** The vote parameters the programs use (plain data); the minimum stake comes from genesis. */
  readonly vote?: Readonly<Record<string, unknown>>;
  /** LevelDB directory of the UED tree; in memory when absent. */
  readonly dbPath?: string;
  /**
   * Where the UED state lives: `nodes` (default), a node database (one entry per tree node);
   * `compact`, the resident tree over its state log, `dbPath` then naming its directory.
   */
  readonly store?: UedStoreKind;
  /**
   * On the compact store: cut a state-sync checkpoint at every multiple of `interval` (its nodes
   * then answer `node`), keeping about the newest `keep` (ued-checkpoint-cut.ts).
   */
  readonly checkpoints?: { readonly interval: bigint; readonly keep: number };
  /** Continue from a committed UED height of the database instead of writing genesis. */
  readonly resume?: UedResumePoint;
  readonly hooks?: UedWorkerHooks;
}

/** A committed UED height: its hash and the root of its tree (from the app's resume record). */
export interface UedResumePoint {
  readonly height: bigint;
  readonly hash: Uint8Array;
  readonly root: Uint8Array;
}

/** Main thread → worker. */
export type ToUedWorker =
  /** `verified`: packed hashes of the job's transactions already verified here (ued-verified.ts). */
  | { type: 'job'; job: Uint8Array; verified?: Uint8Array }
  /** Committed UED values of many keys, answered as one `values` (reads batched on the main thread). */
  | { type: 'gets'; id: number; keys: Uint8Array[] }
  /** A committed node of the UED database by hash, answered as a `value` (its stored encoding). */
  | { type: 'node'; id: number; hash: Uint8Array }
  | { type: 'speculate'; id: number; job: Uint8Array; verified?: Uint8Array }
  | { type: 'close' };

/** Worker → main thread. */
export type FromUedWorker =
  | { type: 'ready'; height: bigint; hash: Uint8Array }
  | { type: 'done'; outcome: Uint8Array }
  | { type: 'value'; id: number; value: Uint8Array | null }
  /** One per key of a `gets`, in order: the value, null when absent, or the read's error message. */
  | { type: 'values'; id: number; values: (Uint8Array | null | string)[] }
  | { type: 'speculated'; id: number; hash: Uint8Array }
  /** `code`: the worker's DomainsError code, when it failed with one. */
  | { type: 'error'; message: string; code?: number }
  | { type: 'closed' };
