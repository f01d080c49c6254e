/**
 * The UED report book (APE-15, APE-18, APE-19): what this node computed for each height, what each
 * validator reported, and from those, the stake that agrees with this node at a height and
 * whether a third of the stake or more disagrees.
 *
 * UED hashes are chained (each commits to the previous one, see `chainUedHash`), so a validator
 * whose latest report (h', x) matches this node's hash at h' agrees with every height ≤ h'. A
 * validator reporting a different hash for a height disagrees at that height and every later one
 * it has not since matched.
 *
 * Pure: no clock, no I/O. The stake table is the VED validator set of the epoch (APE-6/7).
 */
import { bytesEqual, toHex } from '../common/index.js';
import { DomainsError } from './errors.js';

/** A validator's report: its latest UED height and hash (carried in its precommit extension). */
export interface UedReport {
  validator: string; // hex public key of the validator (consensus key)
  height: number;
  hash: Uint8Array;
}

/** Evidence kept when the node halts. */
export interface DivergenceEvidence {
  height: number;
  localHash: string;
  disagreeingStake: bigint;
  totalStake: bigint;
  reports: { validator: string; height: number; hash: string }[];
}

/** How many past local hashes and reports are kept (bounds memory; older heights are final). */
export const DEFAULT_HISTORY = 4096;

export class ReportBook {
  private readonly local = new Map<number, Uint8Array>();
  private readonly latest = new Map<string, UedReport>();
  /** Reports at heights this node had not computed yet, checked when it gets there. */
  private readonly pendingChecks: UedReport[] = [];
  private highestLocal = 0;

  constructor(
    private stakes: ReadonlyMap<string, bigint>,
    private readonly history = DEFAULT_HISTORY,
  ) {}

  /** Replace the stake table (new epoch's VED validator set). */
  setStakes(stakes: ReadonlyMap<string, bigint>): void {
    this.stakes = stakes;
  }

  /** Total stake of the current validator set. */
  totalStake(): bigint {
    let t = 0n;
    for (const s of this.stakes.values()) t += s;
    return t;
  }

  /** Record this node's UED hash for `height` (heights arrive in order). */
  recordLocal(height: number, hash: Uint8Array): void {
    if (height <= this.highestLocal && this.local.has(height)) {
      throw new DomainsError(DomainsError.OUT_OF_ORDER, `local UED hash for height ${height} recorded twice`);
    }
    this.local.set(height, hash);
    this.highestLocal = Math.max(this.highestLocal, height);
    for (const h of this.local.keys()) {
      if (h > this.highestLocal - this.history) break;
      this.local.delete(h);
    }
  }

  /** This node's hash at `height`, if computed and still in the window. */
  localHash(height: number): Uint8Array | undefined {
    return this.local.get(height);
  }

  /** Highest height this node has executed. */
  localHeight(): number {
    return this.highestLocal;
  }

  /** Record a validator's report; unknown validators and stale reports are refused. */
  recordReport(r: UedReport): void {
    if (!this.stakes.has(r.validator)) {
      throw new DomainsError(DomainsError.UNKNOWN_VALIDATOR, `report from unknown validator ${r.validator}`);
    }
    if (!Number.isSafeInteger(r.height) || r.height < 1 || r.hash.length !== 32) {
      throw new DomainsError(DomainsError.INVALID_REPORT, 'malformed UED report');
    }
    const prev = this.latest.get(r.validator);
    if (prev && prev.height >= r.height) return; // reports only move forward
    this.latest.set(r.validator, r);
    if (r.height > this.highestLocal) {
      this.pendingChecks.push(r);
      if (this.pendingChecks.length > this.history) this.pendingChecks.shift();
    }
  }

  /**
   * Stake of validators whose latest report matches this node's hash at that report's height,
   * for a report height ≥ `height` (hash chaining makes later agreement cover earlier heights).
   */
  agreeingStake(height: number): bigint {
    let s = 0n;
    for (const [v, r] of this.latest) {
      if (r.height < height) continue;
      const mine = this.local.get(r.height);
      if (mine && bytesEqual(mine, r.hash)) s += this.stakes.get(v) ?? 0n;
    }
    return s;
  }

  /**
   * Check every report this node can judge; returns evidence when validators holding at least
   * 1/3 of the stake reported a different hash for some height (APE-18), else undefined.
   */
  checkDivergence(): DivergenceEvidence | undefined {
    const total = this.totalStake();
    if (total === 0n) return undefined;
    const byHeight = new Map<number, UedReport[]>();
    const consider = [...this.latest.values(), ...this.pendingChecks];
    for (const r of consider) {
      const mine = this.local.get(r.height);
      if (!mine || bytesEqual(mine, r.hash)) continue;
      const list = byHeight.get(r.height) ?? [];
      if (!list.some((x) => x.validator === r.validator)) list.push(r);
      byHeight.set(r.height, list);
    }
    this.prunePending();
    for (const [height, list] of [...byHeight].sort((a, b) => a[0] - b[0])) {
      const stake = this.stakeOf(list);
      if (3n * stake >= total) {
        return {
          height,
          localHash: toHex(this.local.get(height)!),
          disagreeingStake: stake,
          totalStake: total,
          reports: list.map((r) => ({ validator: r.validator, height: r.height, hash: toHex(r.hash) })),
        };
      }
    }
    return undefined;
  }

  private stakeOf(reports: readonly UedReport[]): bigint {
    let s = 0n;
    for (const v of new Set(reports.map((r) => r.validator))) s += this.stakes.get(v) ?? 0n;
    return s;
  }

  private prunePending(): void {
    for (let i = this.pendingChecks.length - 1; i >= 0; i--) {
      if (this.pendingChecks[i]!.height <= this.highestLocal) this.pendingChecks.splice(i, 1);
    }
  }
}
