/**
 * `npm run sim -- --seeds 1..500 --validators 4 --faults all [--byzantine 0.3] [--attack fork]`:
 * runs one simulation per seed, prints one line per violation (with its seed, and the trace that
 * led to it), and ends with one JSON summary line. Exit code 1 on any violation.
 */

import { SimError } from './errors.js';
import { runSeed } from './run.js';
import { DEFAULT_SCENARIO, parseFaults, parseSeeds, parseShare, type ScenarioOptions } from './scenario.js';

export interface SweepSummary {
  seeds: number;
  runs_with_violations: number;
  violations: number;
  by_kind: Record<string, number>;
  min_height: number;
  total_heights: number;
  crashes: number;
  wall_ms: number;
}

/** Parse the command line of a sweep. */
export function parseSweepArgs(argv: readonly string[]): {
  seeds: number[];
  scenario: ScenarioOptions;
  trace: boolean;
} {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const attack = get('attack') ?? 'mixed';
  if (attack !== 'mixed' && attack !== 'fork')
    throw new SimError(SimError.BAD_ARGS, `unknown attack ${attack}`);
  const validators = Number(get('validators') ?? 4);
  if (!Number.isInteger(validators)) throw new SimError(SimError.BAD_ARGS, 'bad --validators');
  return {
    seeds: parseSeeds(get('seeds') ?? '1..20'),
    trace: !argv.includes('--no-trace'),
    scenario: {
      ...DEFAULT_SCENARIO,
      validators,
      faults: parseFaults(get('faults') ?? 'all'),
      byzantinePerMille: parseShare(get('byzantine') ?? '0'),
      attack,
    },
  };
}

/** Run the sweep; `print` receives each output line. */
export async function sweep(
  seeds: readonly number[],
  scenario: ScenarioOptions,
  print: (line: string) => void,
  trace = true,
): Promise<SweepSummary> {
  const t0 = Date.now();
  const s: SweepSummary = {
    seeds: seeds.length,
    runs_with_violations: 0,
    violations: 0,
    by_kind: {},
    min_height: Number.MAX_SAFE_INTEGER,
    total_heights: 0,
    crashes: 0,
    wall_ms: 0,
  };
  for (const seed of seeds) {
    const r = await runSeed(seed, scenario);
    s.min_height = Math.min(s.min_height, r.height);
    s.total_heights += r.height;
    s.crashes += r.crashes;
    if (r.violations.length === 0) continue;
    s.runs_with_violations++;
    for (const v of r.violations) {
      s.violations++;
      s.by_kind[v.kind] = (s.by_kind[v.kind] ?? 0) + 1;
      print(`violation seed=${seed} ${v.kind}: ${v.detail}`);
    }
    if (trace) for (const l of r.trace) print(`  trace seed=${seed} ${l}`);
  }
  s.wall_ms = Date.now() - t0;
  return s;
}
