// Replays spec/oasis.md §11 byzantine executor scenarios at the pool level: a committee of one
// byzantine and one honest worker plus backups, several rounds with rotating ranks, the round
// driver's bookkeeping (blocks, liveness statistics) and a liveness evaluation at the end.
import { bytesEqual, type Signer } from '../../../src/common/index.js';
import {
  type BlockHeader,
  type CommitmentPool,
  classifyRound,
  emptyBlock,
  evaluateLiveness,
  HeaderType,
  type LivenessDecision,
  type LivenessStatistics,
  newLivenessStatistics,
  type PoolOutcome,
  recordFailedRound,
  recordFinalizedRound,
  schedulerIndex,
} from '../../../src/services/roothash/index.js';
import { commit, committeeOf, EXECUTOR, GENESIS, key, poolOf } from './fixture.js';

export const BYZ = key('byzantine');
export const HONEST = key('honest');
export const BACKUPS = [key('backup-0'), key('backup-1')];

/** What a round sees. */
export interface RoundCtx {
  readonly pool: CommitmentPool;
  readonly latest: BlockHeader;
  readonly primary: Signer;
  readonly second: Signer;
  readonly backups: Signer[];
  /** Process as the round driver does; records discrepancies and timeouts. */
  step(timeout: boolean): PoolOutcome;
}

/** One round's record. */
export interface RoundLog {
  round: bigint;
  byzantine: boolean;
  kind: PoolOutcome['kind'];
  discrepancy: boolean;
  timedOut: boolean;
  good: Signer[];
  bad: Signer[];
}

/** A scenario: which role the byzantine node misbehaves in and how. */
export interface Scenario {
  role: 'primary' | 'backup-scheduler';
  play(t: RoundCtx): PoolOutcome;
  allowedStragglers?: number;
  /** The byzantine node is also a backup worker (primary-backup-worker scenarios). */
  alsoBackup?: boolean;
}

/** Everyone honest: all workers commit the primary's batch. */
export function honestPlay(t: RoundCtx): PoolOutcome {
  t.pool.addCommitment(commit(t.primary, t.primary, t.latest));
  t.pool.addCommitment(commit(t.second, t.primary, t.latest));
  return t.step(false);
}

/** Resolution by the honest backups for `scheduler`'s batch, then a final step. */
export function backupsResolve(t: RoundCtx, scheduler: Signer, label = 'good'): PoolOutcome {
  for (const b of t.backups) if (b !== BYZ) t.pool.addCommitment(commit(b, scheduler, t.latest, { label }));
  return t.step(false);
}

const who = (k: Uint8Array): Signer => [BYZ, HONEST, ...BACKUPS].find((s) => bytesEqual(s.publicKey, k))!;

/** Run `rounds` rounds and evaluate liveness. */
export function runScenario(s: Scenario, rounds = 4) {
  const backups = s.alsoBackup ? [BYZ, ...BACKUPS] : BACKUPS.slice(0, 1);
  const committee = committeeOf([BYZ, HONEST], backups);
  const executor = { ...EXECUTOR, allowed_stragglers: s.allowedStragglers ?? 0 };
  let latest = GENESIS;
  let stats: LivenessStatistics = newLivenessStatistics(committee.members.length);
  const log: RoundLog[] = [];
  for (let i = 1n; i <= BigInt(rounds); i++) {
    const pool = poolOf(committee, { executor }, latest);
    const workers = [BYZ, HONEST];
    const primary = workers[schedulerIndex(committee, i, 0n)]!;
    const second = workers[schedulerIndex(committee, i, 1n)]!;
    const byzantine = (s.role === 'primary' ? primary : second) === BYZ;
    const rec = { discrepancy: false, timedOut: false };
    const step = (timeout: boolean) => {
      rec.timedOut ||= timeout;
      const r = pool.tryFinalize(timeout);
      rec.discrepancy ||= r.discrepancy !== undefined;
      return r.outcome;
    };
    const t: RoundCtx = { pool, latest, primary, second, backups, step };
    const out = byzantine ? s.play(t) : honestPlay(t);
    const entry = { round: i, byzantine, kind: out.kind, ...rec, good: [] as Signer[], bad: [] as Signer[] };
    if (out.kind === 'finalized') {
      const cls = classifyRound(committee, pool.entry(out.rank)!, out.commitment);
      stats = recordFinalizedRound(stats, committee, i, out.commitment, cls.liveIndices);
      entry.good = cls.good.map((k) => who(k));
      entry.bad = cls.bad.map((k) => who(k));
      const h = out.commitment.header.header;
      latest = {
        ...emptyBlock(latest, i, HeaderType.Normal),
        io_root: h.io_root!,
        state_root: h.state_root!,
      };
    } else if (out.kind === 'failed') {
      stats = recordFailedRound(stats, committee, i);
      latest = emptyBlock(latest, i, HeaderType.RoundFailed);
    } else {
      throw new Error(`round ${i} did not end: ${out.kind}`);
    }
    log.push(entry);
  }
  const decisions: LivenessDecision[] = evaluateLiveness(stats, {
    committee,
    params: {
      min_live_rounds_percent: 90,
      max_missed_proposals_percent: 50,
      min_live_rounds_eval: 1n,
      max_liveness_fails: 1,
    },
    epoch: 1n,
    faults: new Map(),
    freezeInterval: 10n,
  });
  return { log, decisions, stats };
}
