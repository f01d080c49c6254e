/** Small helpers shared by the benchmarks: timed loops, interleaved rounds, the JSON last line. */

/** Run `f` repeatedly for about `ms` milliseconds; returns operations per second. */
export function opsPerSecond(f: () => void, ms = 500, batch = 64): number {
  const start = process.hrtime.bigint();
  const limit = BigInt(ms) * 1_000_000n;
  let n = 0;
  let elapsed = 0n;
  do {
    for (let i = 0; i < batch; i++) f();
    n += batch;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limit);
  return (n * 1e9) / Number(elapsed);
}

/**
 * Measure several contenders in alternating rounds (so drift and other load hit all of them
 * alike) and keep each one's best round.
 */
export function interleaved(
  contenders: Record<string, () => void>,
  rounds = 5,
  ms = 300,
): Record<string, number> {
  const best: Record<string, number> = {};
  for (const name of Object.keys(contenders)) contenders[name]!(); // warm up
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of Object.entries(contenders)) {
      const v = opsPerSecond(f, ms);
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
