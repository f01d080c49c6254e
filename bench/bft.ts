// `npm run bench -- bft`: the real engine and driver in the simulator with zero network delay and
// no faults, for 4, 16 and 64 validators: decided blocks/s, CPU time per height, and how much of
// that CPU is signature work (verifications and signatures counted in the run, priced by timing
// the same operations on the same keys in this process). The machine's limit is the rate at which
// a node could decide if all it did were the signature floor of a height (every node verifies
// more than 2/3 of the prevotes and precommits and signs its own two votes); the ratio compares
// the measured rate with it. Ends with one JSON line.
import { Ed25519Signer, signatureStats, verify } from '../src/common/index.js';
import { DEFAULT_SCENARIO, runSeed } from '../src/sim/index.js';
import { fmt, opsPerSecond, printJson } from './harness.js';

const sizes = [
  { n: 4, heights: 300 },
  { n: 16, heights: 60 },
  { n: 64, heights: 8 },
];

/** Seconds per verification and per signature over `n` distinct keys (as in the run). */
function signatureCosts(n: number): { verify: number; sign: number } {
  const signers = Array.from({ length: n }, (_, i) => Ed25519Signer.fromSeed(new Uint8Array(32).fill(i + 1)));
  const ctx = 'tandem/consensus: vote for chain 00';
  const msgs = signers.map((_, i) => new Uint8Array(90).fill(i));
  const sigs = signers.map((s, i) => s.sign(ctx, msgs[i]!));
  let i = 0;
  const v = opsPerSecond(() => {
    const k = i++ % n;
    verify(signers[k]!.publicKey, ctx, msgs[k]!, sigs[k]!);
  }, 800);
  const s = opsPerSecond(() => {
    const k = i++ % n;
    signers[k]!.sign(ctx, msgs[k]!);
  }, 800);
  return { verify: 1 / v, sign: 1 / s };
}

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
}

async function measure(n: number, heights: number): Promise<Row> {
  const cost = signatureCosts(n);
  const v0 = signatureStats.verifies;
  const s0 = signatureStats.signs;
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
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1e6;
  if (r.violations.length > 0) throw new Error(`benchmark run violated ${r.violations[0]!.kind}`);
  const verifies = signatureStats.verifies - v0;
  const signs = signatureStats.signs - s0;
  const sigCpu = verifies * cost.verify + signs * cost.sign;
  const quorum = Math.floor((2 * n) / 3) + 1;
  const floorPerHeight = n * (2 * quorum * cost.verify + 2 * cost.sign);
  return {
    n,
    heights: r.height,
    blocksPerS: r.height / wall,
    cpuMsPerHeight: (cpu * 1000) / r.height,
    verifiesPerHeight: verifies / r.height,
    signsPerHeight: signs / r.height,
    sigShare: sigCpu / cpu,
    nonSigShare: 1 - sigCpu / cpu,
    limitBlocksPerS: 1 / floorPerHeight,
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
      `signature-floor limit ${row.limitBlocksPerS.toFixed(1)} blocks/s, ratio ${(row.blocksPerS / row.limitBlocksPerS).toFixed(2)}`,
  );
}
const by = (n: number) => rows.find((r) => r.n === n)!;
const r2 = (x: number) => Math.round(x * 1000) / 1000;
printJson({
  blocks_per_s_4: r2(by(4).blocksPerS),
  blocks_per_s_16: r2(by(16).blocksPerS),
  blocks_per_s_64: r2(by(64).blocksPerS),
  cpu_ms_per_height_4: r2(by(4).cpuMsPerHeight),
  cpu_ms_per_height_16: r2(by(16).cpuMsPerHeight),
  cpu_ms_per_height_64: r2(by(64).cpuMsPerHeight),
  signature_share_64: r2(by(64).sigShare),
  non_signature_share_64: r2(by(64).nonSigShare),
  non_signature_share_16: r2(by(16).nonSigShare),
  non_signature_share_4: r2(by(4).nonSigShare),
  limit_blocks_per_s_64: r2(by(64).limitBlocksPerS),
  ratio_to_limit_64: r2(by(64).blocksPerS / by(64).limitBlocksPerS),
});
