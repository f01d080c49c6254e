/**
 * The clock rule (spec/ape.md APE-27): block time is chosen by the proposer, never goes back,
 * and moves forward at most one second per block; by default a leader adds 400 ms. Making the
 * chain clock run fast therefore needs many colluding leaders.
 */
import { ConsensusError } from './errors.js';

/** The most a block may move the clock forward, in milliseconds. */
export const MAX_CLOCK_STEP_MS = 1000n;
/** The default step a leader takes, in milliseconds. */
export const DEFAULT_CLOCK_STEP_MS = 400n;

/** Throws unless `parentMs ≤ timeMs ≤ parentMs + 1000` (APE-27). */
export function checkBlockTime(parentMs: bigint, timeMs: bigint): void {
  if (timeMs < parentMs) {
    throw new ConsensusError(ConsensusError.INVALID_BLOCK_TIME, 'block time goes back', {
      parentMs: String(parentMs),
      timeMs: String(timeMs),
    });
  }
  if (timeMs - parentMs > MAX_CLOCK_STEP_MS) {
    throw new ConsensusError(
      ConsensusError.INVALID_BLOCK_TIME,
      'block time moves more than 1000 ms forward',
      {
        parentMs: String(parentMs),
        timeMs: String(timeMs),
      },
    );
  }
}

/** The time a leader proposes by default: the parent's time plus 400 ms. */
export function nextBlockTime(parentMs: bigint): bigint {
  return parentMs + DEFAULT_CLOCK_STEP_MS;
}
