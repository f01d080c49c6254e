/**
 * A simulation scenario: validators and their powers, byzantine roles, and the fault schedule,
 * all derived from one seed. Powers are integers: honest validators have 100 each and the
 * byzantine ones share the power that makes their part of the total as close to the requested
 * share (in per mille) as integers allow, without exceeding it.
 */
import { Ed25519Signer } from '../common/index.js';
import type { Role } from './byzantine.js';
import { BYZANTINE_ROLES } from './byzantine.js';
import { SimError } from './errors.js';
import type { SimRng } from './rng.js';

export type FaultKind = 'delay' | 'drop' | 'dup' | 'partition' | 'crash' | 'wal-crash';
export const ALL_FAULTS: readonly FaultKind[] = ['delay', 'drop', 'dup', 'partition', 'crash', 'wal-crash'];

export interface ScenarioOptions {
  validators: number;
  faults: readonly FaultKind[];
  /** Byzantine share of the voting power, per mille (0–999). */
  byzantinePerMille: number;
  /** `fork`: byzantine validators act as a coalition against a partition of the honest nodes. */
  attack: 'mixed' | 'fork';
  /** Virtual milliseconds with faults, then the same again healed. */
  faultMs: number;
  healMs: number;
  /** Heights every honest node must gain after the heal. */
  minProgress: number;
  /** End the run once an honest node finalizes this height (benchmarks). */
  stopAtHeight?: number;
}

export const DEFAULT_SCENARIO: ScenarioOptions = {
  validators: 4,
  faults: ALL_FAULTS,
  byzantinePerMille: 0,
  attack: 'mixed',
  faultMs: 20_000,
  healMs: 20_000,
  minProgress: 3,
};

export interface Member {
  id: string;
  signer: Ed25519Signer;
  power: bigint;
  role: Role;
}

/** Validators, powers and roles for a seed. */
export function members(o: ScenarioOptions, rng: SimRng): Member[] {
  const n = o.validators;
  if (n < 1 || n > 200) throw new SimError(SimError.BAD_ARGS, 'validators must be 1..200');
  if (o.byzantinePerMille < 0 || o.byzantinePerMille >= 1000)
    throw new SimError(SimError.BAD_ARGS, 'byzantine share must be in [0, 1)');
  let k = o.byzantinePerMille === 0 ? 0 : Math.ceil((n * o.byzantinePerMille) / 1000);
  if (o.attack === 'fork') k = Math.max(k, 2);
  k = Math.min(k, n - 1);
  const honestPower = BigInt(100 * (n - k));
  // byz / (byz + honest) <= share  ⇔  byz <= share·honest / (1000 − share)
  const byzTotal =
    k === 0 ? 0n : (BigInt(o.byzantinePerMille) * honestPower) / BigInt(1000 - o.byzantinePerMille);
  if (k > 0 && byzTotal < BigInt(k))
    throw new SimError(SimError.BAD_ARGS, 'byzantine share too small for the validator count');
  const out: Member[] = [];
  for (let i = 0; i < n; i++) {
    const byz = i >= n - k;
    const j = i - (n - k);
    const power = byz ? byzTotal / BigInt(k) + (j === 0 ? byzTotal % BigInt(k) : 0n) : 100n;
    const role: Role = !byz
      ? 'honest'
      : o.attack === 'fork'
        ? 'fork'
        : BYZANTINE_ROLES[rng.int(BYZANTINE_ROLES.length)]!;
    out.push({ id: `v${i}`, signer: Ed25519Signer.fromSeed(rng.bytes(32)), power, role });
  }
  return out;
}

/** Parse `1..500` or `7` into a list of seeds. */
export function parseSeeds(s: string): number[] {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(s);
  if (!m) throw new SimError(SimError.BAD_ARGS, `bad seed range ${s}`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (b < a || b - a > 1_000_000) throw new SimError(SimError.BAD_ARGS, `bad seed range ${s}`);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** Parse a share like `0.3` into per mille without floating point. */
export function parseShare(s: string): number {
  const m = /^(?:0|0?\.(\d{1,3}))$/.exec(s);
  if (!m) throw new SimError(SimError.BAD_ARGS, `bad share ${s} (expected 0 ≤ x < 1, e.g. 0.3)`);
  return Number((m[1] ?? '').padEnd(3, '0') || '0');
}

/** Parse `all`, `none` or a comma list of fault kinds. */
export function parseFaults(s: string): FaultKind[] {
  if (s === 'all') return [...ALL_FAULTS];
  if (s === 'none') return [];
  const out = s.split(',').map((x) => x.trim());
  for (const f of out)
    if (!ALL_FAULTS.includes(f as FaultKind)) throw new SimError(SimError.BAD_ARGS, `unknown fault ${f}`);
  return out as FaultKind[];
}
