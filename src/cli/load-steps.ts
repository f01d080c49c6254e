/**
 * The pure rules of a load ramp (used by `tandem load` and the localnet benchmark): percentiles of
 * latencies, the default number of sender accounts for a rate, when a step "held" (the chain kept
 * up with the offered rate), when latency exploded, which rate comes next, and the sustained rate
 * of a ramp.
 */

/** The `q` quantile (0..1) of ascending `sorted` by the nearest-rank rule below; 0 when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Sender accounts for `tps`: one per `perSender` transfers/s (16 by default), at least 4 and at
 * most 60 (the funder queues one funding transfer per sender, within the nonce window of 64).
 * Fewer transfers/s per sender let a sender ride out a longer lag before its nonces pass the
 * window of transactions it may queue.
 */
export function defaultSenders(tps: number, perSender = 16): number {
  return Math.min(60, Math.max(4, Math.ceil(tps / perSender)));
}

/**
 * The rate at which a step's transfers became final: `final` over the longer of the submission
 * window and the time from the first to the last finalization. Unlike final ÷ (time to the last
 * finalization), a steady latency does not lower it, so a short step at a rate the chain keeps up
 * with comes out at the offered rate; a backlog stretches the finalization span and lowers it.
 */
export function finalRate(final: number, durationS: number, finalSpanMs: number): number {
  const spanS = Math.max(durationS, finalSpanMs / 1000);
  return spanS > 0 ? Math.round((final * 10) / spanS) / 10 : 0;
}

/** What the ramp rules need of one step's measurement. */
export interface StepFigures {
  readonly offered_tps: number;
  readonly achieved_tps: number;
  readonly submitted: number;
  readonly final: number;
  readonly rejected: number;
  readonly p50_final_ms: number;
  readonly p99_final_ms: number;
}

/** Achieved over offered rate at or above which a step kept up. */
export const HELD_FRACTION = 0.9;

/** A step held: nothing refused or left unfinalized, and achieved ≥ 90% of offered. */
export function stepHeld(s: StepFigures): boolean {
  return (
    s.rejected === 0 &&
    s.submitted > 0 &&
    s.final === s.submitted &&
    s.achieved_tps >= HELD_FRACTION * s.offered_tps
  );
}

/**
 * Latency exploded at a step: its p50 is over 10× the low-load p50 and over 2 s (the floor keeps a
 * fast chain's small absolute jitter from counting).
 */
export function latencyExploded(s: StepFigures, lowLoadP50Ms: number): boolean {
  return s.p50_final_ms > Math.max(10 * lowLoadP50Ms, 2000);
}

/** How a ramp grows. */
export interface RampOptions {
  /** The rate after the low-load step. */
  readonly first: number;
  /** Each next rate is the previous one times this (> 1). */
  readonly factor: number;
  /** No step above this rate. */
  readonly max: number;
  /**
   * Refining steps after the first failing one (0 for none): each tries the geometric midpoint of
   * the highest held rate and the lowest failed rate above it, so with a factor of 2 three of them
   * find the sustainable rate to within 2^(1/8) ≈ 9% instead of the factor's 2×.
   */
  readonly refine: number;
}

/**
 * The next offered rate after `steps` (the low-load step first), or undefined when the ramp is
 * over: after the first step that failed to hold or whose latency exploded, at most `refine`
 * refining steps bisect (geometrically) between the highest held rate and the lowest failed rate
 * above it; without a failure the rate grows by the factor until it would pass `max`.
 */
export function nextRate(steps: readonly StepFigures[], o: RampOptions): number | undefined {
  if (steps.length === 0) return undefined;
  const low = steps[0]!;
  const failing = (s: StepFigures) => !stepHeld(s) || latencyExploded(s, low.p50_final_ms);
  const failed = steps.findIndex(failing);
  if (failed === 0) return undefined;
  if (failed > 0) {
    if (steps.length - 1 - failed >= o.refine) return undefined;
    const good = Math.max(...steps.filter((s) => !failing(s)).map((s) => s.offered_tps));
    const bad = Math.min(
      ...steps.filter((s) => failing(s) && s.offered_tps > good).map((s) => s.offered_tps),
    );
    const mid = Math.round(Math.sqrt(good * bad));
    return mid > good && mid < bad ? mid : undefined;
  }
  const last = steps[steps.length - 1]!.offered_tps;
  const next = steps.length === 1 ? o.first : Math.round(last * o.factor);
  return next <= o.max && next > last ? next : undefined;
}

/** The highest offered rate among steps that held with no latency explosion; 0 when none did. */
export function sustainedTps(steps: readonly StepFigures[]): number {
  const low = steps[0];
  if (low === undefined) return 0;
  return steps
    .filter((s) => stepHeld(s) && !latencyExploded(s, low.p50_final_ms))
    .reduce((m, s) => Math.max(m, s.offered_tps), 0);
}
