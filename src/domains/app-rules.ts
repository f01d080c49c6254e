/**
 * Small rules of the consensus app: the UED report carried in precommit extensions (APE-15), the
 * leader's choice of block time and the clock rule validators check (APE-27).
 */
import { bytes32, type Codec, decodeWith, encodeWith, struct, TandemError, u64 } from '../common/index.js';
import { MAX_CLOCK_STEP_MS, nextBlockTime } from '../consensus/index.js';
import type { UedReport } from '../services/vote/index.js';

const reportCodec: Codec<UedReport> = struct({ height: u64, hash: bytes32 }, 'UedReport');

/** Canonical bytes of a UED report (a precommit extension). */
export function encodeUedReport(r: UedReport): Uint8Array {
  return encodeWith(reportCodec, r);
}

/**
 * A precommit extension's report: null for an empty extension (no report), undefined when the
 * bytes are not a canonical report.
 */
export function decodeUedReport(b: Uint8Array): UedReport | null | undefined {
  if (b.length === 0) return null;
  try {
    return decodeWith(reportCodec, b, { maxSize: 128, maxDepth: 2, maxItems: 8 });
  } catch (e) {
    if (e instanceof TandemError) return undefined;
    throw e;
  }
}

/** Clock drift a leader tolerates before steering toward its own clock. */
export const LEADER_DRIFT_MS = 50n;

/**
 * The leader's block time (APE-27): the parent's time plus 400 ms by default; when its clock
 * differs from that by more than {@link LEADER_DRIFT_MS}, its clock, kept inside the rule
 * (strictly after the parent, at most 1000 ms after it).
 */
export function leaderTime(parentMs: bigint, nowMs: bigint): bigint {
  const target = nextBlockTime(parentMs);
  const off = nowMs - target;
  if (off <= LEADER_DRIFT_MS && off >= -LEADER_DRIFT_MS) return target;
  if (nowMs <= parentMs) return parentMs + 1n;
  return nowMs > parentMs + MAX_CLOCK_STEP_MS ? parentMs + MAX_CLOCK_STEP_MS : nowMs;
}

/** True when a block time keeps the clock rule against its parent (APE-27). */
export function clockRuleHolds(parentMs: bigint, timeMs: bigint): boolean {
  return timeMs > parentMs && timeMs - parentMs <= MAX_CLOCK_STEP_MS;
}
