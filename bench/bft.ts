// `npm run bench -- bft`: the real engine and driver in the simulator with zero network delay and
// no faults, for 4, 16 and 64 validators: decided blocks/s, CPU time per height, and how much of
// the run's time is signature work (every Ed25519 verification and signature is counted and timed
// where it happens, in common/crypto). The machine's limit is the rate at which the validators
// could decide if all they did were the signature floor of a height (each verifies more than 2/3
// of the prevotes and precommits and signs its own two votes), priced at the run's own cost per
// operation; the ratio compares the measured rate with it. Ends with one JSON line.
import { signatureStats } from '../src/common/index.js';
import { DEFAULT_SCENARIO, runSeed } from '../src/sim/index.js';
import { fmt, printJson } from './harness.js';

const ALL_SIZES = [
  { n: 4, heights: 300 },
  { n: 16, heights: 60 },
  { n: 64, heights: 20 },
];
// `npm run bench -- bft --sizes 64` measures only the listed sizes (a quicker before/after
// comparison of the 64-validator overhead); the JSON line then carries only their figures.
const sizesArg = process.argv.indexOf('--sizes');
const only = sizesArg < 0 ? null : new Set((process.argv[sizesArg + 1] ?? '').split(',').map(Number));
const sizes = ALL_SIZES.filter((s) => only === null || only.has(s.n));
if (sizes.length === 0) throw new Error('--sizes: expected a comma-separated subset of 4,16,64');

interface Row {
  n: number;
  heights: number;
  blocksPerS: number;
  cpuMsPerHeight: number;
  verifiesPerHeight: number;
  signsPerHeight: number;
  sigShare: number;
  nonSigShare: number;
  limitBlocksPerS: number;
  meanBlockBytes: number;
  maxBlockBytes: number;
}

async function measure(n: number, heights: number): Promise<Row> {
  const before = { ...signatureStats };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await runSeed(1, {
    ...DEFAULT_SCENARIO,
    validators: n,
    faults: [],
    byzantinePerMille: 0,
    faultMs: 1e9,
    healMs: 0,
    stopAtHeight: heights,
  });
  const wallNs = Number(process.hrtime.bigint() - t0);
  const c = process.cpuUsage(cpu0);
  if (r.violations.length > 0) throw new Error(`benchmark run violated ${r.violations[0]!.kind}`);
  const verifies = signatureStats.verifies - before.verifies;
  const signs = signatureStats.signs - before.signs;
  const verifyNs = (signatureStats.verifyMs - before.verifyMs) * 1e6;
  const signNs = (signatureStats.signMs - before.signMs) * 1e6;
  const sigShare = (verifyNs + signNs) / wallNs;
  const quorum = Math.floor((2 * n) / 3) + 1;
  const floorNsPerHeight = n * (2 * quorum * (verifyNs / verifies) + 2 * (signNs / signs));
  return {
    n,
    heights: r.height,
    blocksPerS: r.height / (wallNs / 1e9),
    cpuMsPerHeight: (c.user + c.system) / 1000 / r.height,
    verifiesPerHeight: verifies / r.height,
    signsPerHeight: signs / r.height,
    sigShare,
    nonSigShare: 1 - sigShare,
    limitBlocksPerS: 1e9 / floorNsPerHeight,
    meanBlockBytes: r.meanBlockBytes,
    maxBlockBytes: r.maxBlockBytes,
  };
}

const rows: Row[] = [];
console.log('BFT engine in the simulator, zero delay, no faults (all validators in this one process)');
for (const { n, heights } of sizes) {
  const row = await measure(n, heights);
  rows.push(row);
  console.log(
    `${String(n).padStart(2)} validators: ${row.blocksPerS.toFixed(1)} blocks/s, ${row.cpuMsPerHeight.toFixed(1)} ms CPU/height, ` +
      `${fmt(row.verifiesPerHeight)} verifies + ${fmt(row.signsPerHeight)} signs/height, ` +
      `signature share ${(row.sigShare * 100).toFixed(1)}%, engine overhead ${(row.nonSigShare * 100).toFixed(1)}%, ` +
      `signature-floor limit ${row.limitBlocksPerS.toFixed(1)} blocks/s, ratio ${(row.blocksPerS / row.limitBlocksPerS).toFixed(2)}, ` +
      `blocks ${fmt(row.meanBlockBytes)} B mean / ${fmt(row.maxBlockBytes)} B max`,
  );
}
const by = (n: number) => rows.find((r) => r.n === n);
const r2 = (x: number) => Math.round(x * 1000) / 1000;
const json: Record<string, number> = {};
const put = (key: string, n: number, f: (r: Row) => number) => {
  const row = by(n);
  if (row !== undefined) json[key] = f(row);
};
for (const n of [4, 16, 64]) put(`blocks_per_s_${n}`, n, (r) => r2(r.blocksPerS));
for (const n of [4, 16, 64]) put(`cpu_ms_per_height_${n}`, n, (r) => r2(r.cpuMsPerHeight));
put('signature_share_64', 64, (r) => r2(r.sigShare));
for (const n of [64, 16, 4]) put(`non_signature_share_${n}`, n, (r) => r2(r.nonSigShare));
put('limit_blocks_per_s_64', 64, (r) => r2(r.limitBlocksPerS));
put('ratio_to_limit_64', 64, (r) => r2(r.blocksPerS / r.limitBlocksPerS));
put('max_block_bytes_64', 64, (r) => r.maxBlockBytes);
// CometBFT splits blocks into 64 KiB parts; a block below one part gains nothing from parts.
put('block_parts_needed_64', 64, (r) => Math.ceil(r.maxBlockBytes / 65536));
printJson(json);
