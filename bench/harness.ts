/** Small helpers shared by the benchmarks: timed loops, interleaved rounds, the JSON last line. */

/** Run `f` repeatedly for about `ms` ms of `clock`; returns operations per second. */
export function opsPerSecond(f: () => void, ms = 500, batch = 64, clock: Clock = wallNs): number {
  const start = clock();
  const limit = ms * 1e6;
  let n = 0;
  let elapsed = 0;
  do {
    for (let i = 0; i < batch; i++) f();
    n += batch;
    elapsed = clock() - start;
  } while (elapsed < limit);
  return (n * 1e9) / elapsed;
}

/** A clock in ns, for {@link opsPerSecond}. */
export type Clock = () => number;

/** Wall time (the default). */
export const wallNs: Clock = () => Number(process.hrtime.bigint());

/**
 * Process CPU time (every thread): on a shared machine the process is often off the CPU
 * mid-round, which wall time would count.
 */
export const cpuNs: Clock = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

/**
 * Measure several contenders in alternating rounds (so drift and other load hit all of them
 * alike) and keep each one's best round.
 */
export function interleaved(
  contenders: Record<string, () => void>,
  rounds = 5,
  ms = 300,
  clock: Clock = wallNs,
): Record<string, number> {
  const best: Record<string, number> = {};
  for (const name of Object.keys(contenders)) contenders[name]!(); // warm up
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of Object.entries(contenders)) {
      const v = opsPerSecond(f, ms, 64, clock);
      best[name] = Math.max(best[name] ?? 0, v);
    }
  }
  return best;
}

/** Format a rate for the human part of the output. */
export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Print the final JSON line (every benchmark ends with exactly one). */
export function printJson(figures: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** The positive integer after `--name` on the command line, or `dflt` when the flag is absent. */
export function flag(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? dflt : Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`bench: --${name} needs a positive integer`);
  return v;
}
