/** Validation of staking parameters and the reward rate lookup. */
import { MAX_REWARD_STEPS } from './codecs.js';
import { StakingError } from './errors.js';
import type { RewardStep, StakingParams } from './types.js';

const U64_MAX = 0xffffffffffffffffn;

function bad(message: string): never {
  throw new StakingError(StakingError.INVALID_PARAMS, message);
}

function checkU64(v: bigint, what: string, min = 0n): void {
  if (typeof v !== 'bigint' || v < min || v > U64_MAX) bad(`${what} must be a u64 ≥ ${min}`);
}

/**
 * Refuses parameters the service cannot run with: a zero debonding interval (a reclaim would pay
 * out in the same block), a zero epoch interval, and a schedule that is not strictly ascending or
 * has a rate above 1 or a zero denominator.
 */
export function validateParams(p: StakingParams): void {
  checkU64(p.debonding_interval, 'debonding_interval', 1n);
  if (typeof p.min_delegation !== 'bigint' || p.min_delegation < 0n) bad('min_delegation must be ≥ 0');
  if (p.epoch_interval !== undefined) checkU64(p.epoch_interval, 'epoch_interval', 1n);
  if (p.reward_schedule.length > MAX_REWARD_STEPS) bad(`more than ${MAX_REWARD_STEPS} reward steps`);
  let last = -1n;
  for (const [i, s] of p.reward_schedule.entries()) {
    checkU64(s.until_epoch, `reward_schedule[${i}].until_epoch`);
    checkU64(s.rate_numerator, `reward_schedule[${i}].rate_numerator`);
    checkU64(s.rate_denominator, `reward_schedule[${i}].rate_denominator`, 1n);
    if (s.until_epoch <= last) bad(`reward_schedule[${i}].until_epoch is not ascending`);
    if (s.rate_numerator > s.rate_denominator) bad(`reward_schedule[${i}] rate is above 1`);
    last = s.until_epoch;
  }
}

/** The reward step in force at `epoch` (the first with `epoch < until_epoch`), or null. */
export function rewardStepAt(p: StakingParams, epoch: bigint): RewardStep | null {
  for (const s of p.reward_schedule) if (epoch < s.until_epoch) return s;
  return null;
}
