/**
 * The application interface the engine's driver calls, in the spirit of ABCI 2. The consensus
 * layer's VED programs implement it (later issues); the simulator uses a small test application.
 */
import type { Block, Evidence } from './messages.js';
import type { Validator } from './validator-set.js';

export interface BftApplication {
  /**
   * Build a proposal's body: choose transactions from `candidates` (the mempool's, in priority
   * order) and execute the block's VED part, returning the chosen transactions and the VED hash
   * (spec/ape.md APE-14, APE-22).
   */
  prepareProposal(req: {
    height: bigint;
    time: bigint;
    candidates: Uint8Array[];
    evidence: Evidence[];
  }): Promise<{ txs: Uint8Array[]; vedHash: Uint8Array }>;
  /**
   * Optional: the time of a block this validator proposes on a parent of `parentTime`, given its
   * clock `now` (APE-27 lets the leader choose within a bound). Without it the driver uses `now`.
   */
  proposalTime?(parentTime: bigint, now: bigint): bigint;
  /** Re-execute the block's VED part; accept only if it yields the header's VED hash. */
  processProposal(block: Block): Promise<boolean>;
  /** Apply a decided block. Validator updates take effect at the next epoch boundary. */
  finalizeBlock(block: Block): Promise<{ validatorUpdates?: Validator[] }>;
  /** Make the finalized block's state durable. */
  commit(height: bigint): Promise<void>;
  /** Last height whose state is durable (0 before the first block). */
  committedHeight(): bigint;
  /** The extension this validator attaches to its precommit: its latest UED report (APE-15). */
  extendVote(height: bigint): Uint8Array;
  /** Check another validator's extension; a false answer drops its precommit. */
  verifyVoteExtension(validator: Uint8Array, height: bigint, extension: Uint8Array): boolean;
  /**
   * Optional: false while the application forbids this validator to sign (a halt on diverging
   * execution, spec/ape.md APE-18). The driver then neither proposes nor votes, but keeps
   * following decided blocks.
   */
  canSign?(): boolean;
}

/** Sends messages to peers (gossip network in the node, an in-memory network in the simulator). */
export interface Transport<M> {
  broadcast(m: M): void;
  send(peer: string, m: M): void;
}

/** The clock and timers (virtual in the simulator). */
export interface Timers {
  /** Milliseconds since the Unix epoch. */
  now(): bigint;
  /** Run `f` after `ms`; the implementation awaits and reports a rejected promise. */
  after(ms: number, f: () => void | Promise<void>): void;
}

/** Durable write-ahead log of opaque records (see wal.ts: `append` syncs, `write` does not). */
export interface WalPort {
  append(record: Uint8Array): void;
  write(record: Uint8Array): void;
  replay(): Uint8Array[];
  checkpoint(): void;
  /** Make what was written durable, off the event loop (optional; see wal.ts). */
  syncAsync?(): Promise<void>;
}

/** Durable store of decided blocks and their commits, by height. */
export interface BlockStorePort {
  save(height: bigint, block: Uint8Array, commit: Uint8Array): Promise<void>;
  block(height: bigint): Promise<Uint8Array | undefined>;
  commit(height: bigint): Promise<Uint8Array | undefined>;
  height(): bigint;
}

/** The mempool as the driver sees it. */
export interface MempoolPort {
  reap(maxBytes: number, maxTxs: number): Uint8Array[];
  update(committed: Uint8Array[]): Promise<void>;
}
