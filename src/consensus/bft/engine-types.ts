/** Inputs, outputs and configuration of the BFT engine state machine. */
import type { Block, Commit, Evidence, Proposal, ProposalBody, Vote, VoteBody } from './messages.js';

/** The three round steps plus `commit` (decided, waiting for the next height). */
export type Step = 'propose' | 'prevote' | 'precommit' | 'commit';
export type TimeoutStep = 'propose' | 'prevote' | 'precommit';

/** What the engine reacts to. Everything else (clock, disk, network) stays outside. */
export type EngineInput =
  | { kind: 'proposal'; proposal: Proposal }
  | { kind: 'vote'; vote: Vote }
  | { kind: 'timeout'; height: bigint; round: number; step: TimeoutStep }
  /** The application's block for this validator's own proposal (answer to `build-block`). */
  | { kind: 'block'; height: bigint; round: number; block: Block }
  /** The application's verdict on a proposed block (answer to `validate`). */
  | { kind: 'validated'; hash: string; valid: boolean };

/** What the engine asks its driver to do. */
export type EngineOutput =
  | { kind: 'sign-proposal'; body: ProposalBody; block: Block }
  | { kind: 'sign-vote'; body: VoteBody }
  | { kind: 'schedule'; height: bigint; round: number; step: TimeoutStep; ms: number }
  | { kind: 'build-block'; height: bigint; round: number }
  | { kind: 'validate'; hash: string; block: Block }
  | { kind: 'decide'; block: Block; commit: Commit }
  | { kind: 'evidence'; evidence: Evidence }
  | { kind: 'drop'; reason: string };

/** Timeout of a step in round r: base + r × delta (milliseconds). */
export interface TimeoutConfig {
  proposeMs: number;
  proposeDeltaMs: number;
  prevoteMs: number;
  prevoteDeltaMs: number;
  precommitMs: number;
  precommitDeltaMs: number;
  /** Wait after a decision before the next height starts (collects late precommits). */
  commitMs: number;
  /**
   * A round-0 proposer with nothing to propose (no transaction it could reap) waits up to this long
   * (at most half the propose timeout) for one before it proposes an empty block; 0 or absent: it
   * proposes at once.
   * With a short `commitMs`, blocks follow transactions at once and stay sparse while idle.
   */
  emptyBlockWaitMs?: number;
}

/**
 * Tandem's defaults, for a low-latency network (CometBFT's are 3 s/1 s/1 s + 0.5 s per round and a
 * 1 s commit). Configuration, not protocol.
 */
export const DEFAULT_TIMEOUTS: Readonly<TimeoutConfig> = Object.freeze({
  proposeMs: 1000,
  proposeDeltaMs: 500,
  prevoteMs: 500,
  prevoteDeltaMs: 250,
  precommitMs: 500,
  precommitDeltaMs: 250,
  commitMs: 100,
});

/** Rounds further ahead than this are not tracked (bounds memory under hostile input). */
export const MAX_ROUND_AHEAD = 64;
