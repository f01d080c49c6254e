/** One step of the localnet benchmark's load ramp: its figures and its line of output. */
import type { CliError } from '../src/cli/errors.js';
import type { LoadResult } from '../src/cli/load-run.js';
import { finalRate, type StepFigures, stepHeld } from '../src/cli/load-steps.js';

/** A step's figures and what the node refused. */
export interface Step extends StepFigures {
  readonly refusals: Record<string, number>;
}

/** The figures of a step that ran `durationS` at `offered`. */
export function stepOf(offered: number, durationS: number, r: LoadResult): Step {
  return {
    offered_tps: offered,
    achieved_tps: finalRate(r.final, durationS, r.final_span_ms),
    submitted: r.submitted,
    final: r.final,
    rejected: r.rejected,
    p50_final_ms: r.p50_final_ms,
    p99_final_ms: r.p99_final_ms,
    refusals: r.rejections,
  };
}

/** A step in which the node refused everything (runLoad gives up) is a failed step, not an abort. */
export function refusedStep(offered: number, durationS: number, e: CliError): Step {
  const all = Math.round(offered * durationS);
  return {
    offered_tps: offered,
    achieved_tps: 0,
    submitted: all,
    final: 0,
    rejected: all,
    p50_final_ms: 0,
    p99_final_ms: 0,
    refusals: { [e.message.slice(0, 120)]: all },
  };
}

/** The step's line of output. */
export function stepLine(s: Step): string {
  const refused = Object.entries(s.refusals)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
  return (
    `offered ${String(s.offered_tps).padStart(5)}/s  achieved ${String(s.achieved_tps).padStart(7)}/s  ` +
    `final ${s.final}/${s.submitted}  p50 ${s.p50_final_ms} ms  p99 ${s.p99_final_ms} ms  ` +
    `${stepHeld(s) ? 'held' : 'did not hold'}${refused ? `  refused: ${refused}` : ''}`
  );
}
