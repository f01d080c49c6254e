#!/usr/bin/env node
// `node scripts/empty-minor-gc.js [liveMB=300] [thrashMB=256] [rounds=100] [lines=0]`
// What a forced young-generation collection with nothing to collect costs, as a function of the
// old generation's size and of how cold the CPU caches are. It holds `liveMB` of live JS arrays
// (old-space pages of 256 KiB each), then `rounds` times: touches `thrashMB` of an off-heap
// Int32Array (every cache line in order; with `lines` > 0 only that many cache lines at random
// places, as a block's walks down the compact tree's node store and arena do), then times one
// `gc({ type: 'minor' })`. V8 (Node 20) walks every old-generation page's header on each scavenge
// to find remembered sets; with cold caches each page costs about a microsecond
// (docs/performance.md, "Branch gcfixed"). Prints one JSON object.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const liveMb = Number(process.argv[2] ?? 300);
const thrashMb = Number(process.argv[3] ?? 256);
const rounds = Number(process.argv[4] ?? 100);
const lines = Number(process.argv[5] ?? 0);

const hold = [];
for (let i = 0; i < liveMb * 128; i++) hold.push(new Array(1000).fill(i));
const big = new Int32Array(thrashMb * 2 ** 18);
gc();
gc();
// Let the sweeper and the page release run (they need the event loop), so only live pages count.
await new Promise((r) => setTimeout(r, 300));
gc();
let ns = 0n;
let sum = 0;
for (let i = 0; i < rounds; i++) {
  if (lines > 0) for (let j = 0; j < lines; j++) sum += big[Math.floor(Math.random() * big.length) & ~15]++;
  else for (let j = 0; j < big.length; j += 16) sum += big[j]++;
  const t = process.hrtime.bigint();
  gc({ type: 'minor' });
  ns += process.hrtime.bigint() - t;
}
const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
console.log(
  JSON.stringify({
    live_mb: liveMb,
    thrash_mb: thrashMb,
    lines,
    old_space_pages: Math.round(old.space_size / 262_144),
    empty_minor_ms: Math.round(Number(ns) / 1e3 / rounds) / 1e3,
    held: hold.length + (sum & 0),
  }),
);
