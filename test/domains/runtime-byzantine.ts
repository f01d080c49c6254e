/**
 * The byzantine executor player of the on-chain scenarios (spec/oasis.md §11): a chain with the
 * runtime programs (runtime-chain-fixture.ts) whose executor committee is cast into a byzantine
 * worker, an honest worker and the backups; rounds are played block by block with ExecutorCommit
 * transactions, and what the VED did in each block (refused transactions, roothash's events, the
 * round timer) is recorded. Results are labels: honest executions of one batch agree, a lie differs.
 */
import assert from 'node:assert/strict';
import { bytesEqual, toHex } from '../../src/common/index.js';
import type { ServiceEvent } from '../../src/consensus/index.js';
import type { ChainApp, ExecutedEvent } from '../../src/domains/index.js';
import type { Runtime } from '../../src/services/registry/index.js';
import {
  type BlockHeader,
  blockHeaderHash,
  EVENT_DISCREPANCY,
  EVENT_ROUND_FAILED,
  Failure,
  HeaderType,
  ROOTHASH_MODULE,
  signExecutorCommitment,
} from '../../src/services/roothash/index.js';
import { type Committee, Role, schedulerAt } from '../../src/services/scheduler/index.js';
import { step } from '../helpers/chain-app.js';
import {
  byRole,
  commitment,
  commitTx,
  elected,
  nodeSigner,
  queries,
  RUNTIME,
  runtime,
  runtimeChain,
} from './runtime-chain-fixture.js';

const eq = bytesEqual;

/** Who plays what: the byzantine worker is one that is not also a backup, when there is one. */
export interface Cast {
  readonly committee: Committee;
  readonly workers: Uint8Array[];
  readonly backups: Uint8Array[];
  readonly byz: Uint8Array;
  readonly honest: Uint8Array;
}

/** Cast a committee of two workers. */
export function castOf(committee: Committee): Cast {
  const workers = byRole(committee, Role.worker);
  const backups = byRole(committee, Role.backupWorker);
  assert.equal(workers.length, 2, 'two workers');
  const byz = workers.find((w) => !backups.some((b) => eq(b, w))) ?? workers[0]!;
  const honest = workers.find((w) => !eq(w, byz))!;
  return { committee, workers, backups, byz, honest };
}

/** What the VED did in each block: refused transactions (module/code) and the block hooks' events. */
export class ChainLog {
  readonly events = new Map<bigint, readonly ServiceEvent[]>();
  readonly refused = new Map<bigint, { module: string; code: number }[]>();

  /** ChainApp's `onExecuted`. */
  readonly onExecuted = (e: ExecutedEvent): void => {
    if (e.domain !== 'ved') return;
    this.events.set(e.height, e.events ?? []);
    const failed = e.receipts.filter((r) => r.receipt.status !== 0);
    this.refused.set(
      e.height,
      failed.map((r) => ({ module: r.receipt.module, code: r.receipt.code })),
    );
  };

  /** Values of roothash's events of `kind` at `height`. */
  roothash(height: bigint, kind: string): Record<string, unknown>[] {
    return (this.events.get(height) ?? [])
      .filter((e) => e.module === ROOTHASH_MODULE && e.kind === kind)
      .map((e) => e.value as Record<string, unknown>);
  }
}

/** One round as played. */
export interface RoundLog {
  readonly round: bigint;
  /** Whether the byzantine node held the scenario's role in it. */
  readonly byzantine: boolean;
  /** The round's primary (rank 0) and backup (rank 1) schedulers. */
  readonly primary: Uint8Array;
  readonly second: Uint8Array;
  readonly parent: BlockHeader;
  /** The runtime block that ended the round. */
  readonly header: BlockHeader;
  /** Consensus blocks the round took, and the time of the last. */
  readonly blocks: number;
  readonly endTimeMs: bigint;
  /** The discrepancy event's value (`timeout`: detected by the round timer). */
  readonly discrepancy?: { readonly timeout: boolean };
  /** The round timer fired at least once. */
  readonly timedOut: boolean;
  /** The RoundFailed event's error code. */
  readonly failedCode?: number;
  /** Codes of the refused transactions (roothash's). */
  readonly refused: number[];
  /** Good and bad nodes of a Normal round. */
  readonly good: Uint8Array[];
  readonly bad: Uint8Array[];
}

/** The label of an honest execution of `scheduler`'s batch in `round` (its state root's seed). */
export const honestLabel = (round: bigint, scheduler: Uint8Array): string =>
  `r${round}/${toHex(scheduler).slice(0, 8)}`;

/** What a commitment says: the honest result of the batch, a lie, or a failure indication. */
export type Result = 'honest' | 'wrong' | 'failure';

/** A round in play. */
export class RoundPlay {
  readonly primary: Uint8Array;
  readonly second: Uint8Array;
  #blocks = 0;
  #timedOut = false;
  #discrepancy: { timeout: boolean } | undefined;
  #failedCode: number | undefined;
  readonly #refused: number[] = [];

  constructor(
    readonly app: ChainApp,
    readonly cast: Cast,
    readonly log: ChainLog,
    readonly parent: BlockHeader,
    readonly byzantine: boolean,
  ) {
    this.primary = schedulerAt(cast.committee, 0n, this.round)!;
    this.second = schedulerAt(cast.committee, 1n, this.round)!;
  }

  /** The round being decided. */
  get round(): bigint {
    return this.parent.round + 1n;
  }

  /** The label of an honest execution of `scheduler`'s batch in this round. */
  label(scheduler: Uint8Array): string {
    return honestLabel(this.round, scheduler);
  }

  /** An ExecutorCommit transaction of `node` for `scheduler`'s batch. */
  async commit(node: Uint8Array, scheduler: Uint8Array, result: Result = 'honest'): Promise<Uint8Array> {
    const signer = nodeSigner(node);
    if (result !== 'failure') {
      const label = result === 'honest' ? this.label(scheduler) : `r${this.round}/wrong`;
      return commitTx(this.app, signer, await commitment(this.app, signer, scheduler, label));
    }
    const header = { round: this.round, previous_hash: blockHeaderHash(this.parent), in_msgs_count: 0 };
    const h = { scheduler_id: scheduler, header, failure: Failure.Unknown };
    const c = signExecutorCommitment(signer, RUNTIME, this.app.programs.params.chainContext, h);
    return commitTx(this.app, signer, c);
  }

  /** Step one consensus block with `txs` and record what it did for the runtime. */
  async block(txs: Uint8Array[] = []): Promise<void> {
    assert.ok(!(await this.ended()), 'the round already ended');
    const height = this.app.committed.height + 1n;
    const before = (await queries(this.app).runtimeStatus(RUNTIME))!;
    this.#timedOut ||= before.next_timeout === height;
    await step(this.app, txs);
    this.#blocks++;
    const d = this.log.roothash(height, EVENT_DISCREPANCY)[0];
    if (d) this.#discrepancy = { timeout: d.timeout as boolean };
    const f = this.log.roothash(height, EVENT_ROUND_FAILED)[0];
    if (f) this.#failedCode = f.code as number;
    for (const r of this.log.refused.get(height) ?? [])
      if (r.module === ROOTHASH_MODULE) this.#refused.push(r.code);
  }

  /** Step empty blocks until the round timer fires (asserted armed). */
  async untilTimeout(): Promise<void> {
    const st = (await queries(this.app).runtimeStatus(RUNTIME))!;
    assert.ok(st.next_timeout > this.app.committed.height, 'the round timer is armed');
    while (this.app.committed.height < st.next_timeout) await this.block();
  }

  /** The pool's best rank and the nodes that voted for its scheduler. */
  async best(): Promise<{ rank: bigint; discrepancy: boolean; voters: Uint8Array[] }> {
    const pool = (await queries(this.app).runtimeState(RUNTIME))!.pool!;
    const entry = pool.entries.find((e) => e.rank === pool.highest_rank);
    const voters = entry?.votes.map((v) => v.node) ?? [];
    return { rank: pool.highest_rank, discrepancy: pool.discrepancy, voters };
  }

  /** Honest backups that have not voted re-execute the best-ranked batch and commit (RT-13). */
  async backupsResolve(): Promise<void> {
    const best = await this.best();
    assert.ok(best.discrepancy, 'backups act only on a discrepancy');
    const scheduler = schedulerAt(this.cast.committee, best.rank, this.round)!;
    const txs = [];
    for (const b of this.cast.backups) {
      if (eq(b, this.cast.byz) || best.voters.some((v) => eq(v, b))) continue;
      txs.push(await this.commit(b, scheduler));
    }
    await this.block(txs);
  }

  /** Whether a new runtime block ended the round. */
  async ended(): Promise<boolean> {
    return (await queries(this.app).runtimeStatus(RUNTIME))!.round >= this.round;
  }

  /** The round's record (asserted ended). */
  async record(): Promise<RoundLog> {
    assert.ok(await this.ended(), `round ${this.round} ended`);
    const header = (await queries(this.app).runtimeStatus(RUNTIME))!.latest_block;
    const res = await queries(this.app).roundResults(RUNTIME);
    const normal = header.header_type === HeaderType.Normal;
    return {
      round: this.round,
      byzantine: this.byzantine,
      primary: this.primary,
      second: this.second,
      parent: this.parent,
      header,
      blocks: this.#blocks,
      endTimeMs: this.app.committed.timeMs,
      ...(this.#discrepancy ? { discrepancy: this.#discrepancy } : {}),
      timedOut: this.#timedOut,
      ...(this.#failedCode !== undefined ? { failedCode: this.#failedCode } : {}),
      refused: this.#refused,
      good: normal ? (res?.good_compute_nodes ?? []) : [],
      bad: normal ? (res?.bad_compute_nodes ?? []) : [],
    };
  }
}

/** An honest round: both workers commit the primary's batch. */
export async function honestRound(t: RoundPlay): Promise<void> {
  await t.block(await Promise.all(t.cast.workers.map((w) => t.commit(w, t.primary))));
}

/** A scenario: the role the byzantine worker misbehaves in and how it plays that round. */
export interface Scenario {
  readonly role: 'primary' | 'backup-scheduler';
  play(t: RoundPlay): Promise<void>;
  /** Executor parameters replacing the fixture runtime's. */
  readonly executor?: Partial<Runtime['executor']>;
}

/** A scenario played on a chain. */
export interface Played {
  readonly app: ChainApp;
  readonly log: ChainLog;
  readonly cast: Cast;
  readonly rounds: RoundLog[];
}

/**
 * The scenario runtime: the fixture's, with `executor`. A worker must match every round (two
 * rounds at 80 % would need only one: the minimum is rounded down) and may miss at most half of
 * its proposals.
 */
export function scenarioRuntime(executor: Partial<Runtime['executor']> = {}): Runtime {
  const rt = runtime();
  const liveness = { min_live_rounds_percent: 100, max_missed_proposals_percent: 50 };
  return { ...rt, executor: { ...rt.executor, ...liveness, ...executor } };
}

/**
 * Elect a committee (epoch 2), then play two rounds: ranks rotate, so the byzantine worker holds
 * the scenario's role in exactly one of them and plays it; in the other it is honest.
 */
export async function playScenario(s: Scenario): Promise<Played> {
  const log = new ChainLog();
  const app = await runtimeChain({ runtime: scenarioRuntime(s.executor), onExecuted: log.onExecuted });
  const cast = castOf(await elected(app));
  const rounds: RoundLog[] = [];
  for (let i = 0; i < 2; i++) {
    const parent = (await queries(app).runtimeStatus(RUNTIME))!.latest_block;
    const probe = new RoundPlay(app, cast, log, parent, false);
    const holder = s.role === 'primary' ? probe.primary : probe.second;
    const t = new RoundPlay(app, cast, log, parent, eq(holder, cast.byz));
    await (t.byzantine ? s.play(t) : honestRound(t));
    rounds.push(await t.record());
  }
  assert.equal(rounds.filter((r) => r.byzantine).length, 1, 'one byzantine round');
  return { app, log, cast, rounds };
}
