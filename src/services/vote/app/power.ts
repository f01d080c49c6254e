/**
 * Voting power from stake (linear), capped so the total fits the BFT engine's MAX_TOTAL_POWER.
 * When the total stake exceeds the cap, every stake is divided by one deterministic integer
 * divisor d = ⌈total / (cap − n)⌉ and floored, with a floor of 1 so no member loses its vote.
 * The sum is then at most total/d + n ≤ (cap − n) + n = cap. Integer arithmetic only.
 */
import { MAX_TOTAL_POWER } from '../../../consensus/bft/index.js';
import { VoteError } from '../api/errors.js';

/** The divisor applied to stakes: 1 when the total already fits. */
export function powerDivisor(stakes: readonly bigint[], cap: bigint = MAX_TOTAL_POWER): bigint {
  const n = BigInt(stakes.length);
  if (n >= cap) throw new VoteError(VoteError.INVALID_MEMBERSHIP_INPUT, 'more members than the power cap');
  let total = 0n;
  for (const s of stakes) total += s;
  if (total <= cap) return 1n;
  const room = cap - n;
  return (total + room - 1n) / room;
}

/** The power of one stake under `divisor` (at least 1). */
export function powerOf(stake: bigint, divisor: bigint): bigint {
  const p = stake / divisor;
  return p > 0n ? p : 1n;
}
