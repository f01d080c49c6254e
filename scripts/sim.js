#!/usr/bin/env node
// `npm run sim -- --seeds 1..500 --validators 4 --faults all [--byzantine 0.3] [--attack fork] [--no-trace]`
// Runs the compiled simulator sweep; exits 1 if any run violated a property.
import { parseSweepArgs, sweep } from '../dist/src/sim/index.js';

try {
  const { seeds, scenario, trace } = parseSweepArgs(process.argv.slice(2));
  const summary = await sweep(seeds, scenario, (l) => console.log(l), trace);
  console.log(JSON.stringify(summary));
  process.exit(summary.violations > 0 ? 1 : 0);
} catch (e) {
  console.error(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  process.exit(2);
}
