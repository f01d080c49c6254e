// `npm run bench -- ape [idleHeights] [loadedHeights]`: asynchronous against synchronous execution
// (issue 7). Four validators in the simulator, each a real ChainApp with its UED on a worker
// thread, real signatures and execution, a network of 5–15 ms per message, the clock following
// real time (_wall-clock.ts). The same seed and workload run twice, asynchronous (validators vote
// after the VED) and synchronous (`syncUed`: the UED of a block executes before it is proposed or
// voted on). A phase without transactions is followed by a loaded one where each block carries
// UED transfers whose execution (programs made heavier with the worker's `costMsPerTx`, a sleep on
// the worker's own core, as a validator's separate core would give) takes longer than a consensus
// round but less than a block interval, so the UED keeps up. Prints, per mode and phase, the
// median and p99 time from a block's proposal to its first decision and the block rate, and the
// loaded/idle ratio of the median. Ends with one JSON line.
import { type Block, ChainContexts, type Message, type TimeoutConfig } from '../src/consensus/bft/index.js';
import { ChainApp } from '../src/domains/index.js';
import { SimNetwork, SimRng, SimValidator } from '../src/sim/index.js';
import {
  addrOf,
  GENESIS_MS,
  testGenesis,
  transferTx,
  user,
  validatorKeys,
} from '../test/helpers/chain-app.js';
import { WallClock } from './_wall-clock.js';
import { printJson } from './harness.js';

const IDLE = Number(process.argv[2] ?? 15);
const LOADED = Number(process.argv[3] ?? 25);
const TXS_PER_BLOCK = 3;
const COST_MS_PER_TX = 35;
const TIMEOUTS: TimeoutConfig = {
  proposeMs: 2000,
  proposeDeltaMs: 500,
  prevoteMs: 1000,
  prevoteDeltaMs: 500,
  precommitMs: 1000,
  precommitDeltaMs: 500,
  commitMs: 150,
};

interface Phase {
  medianMs: number;
  p99Ms: number;
  blocksPerS: number;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

async function measure(sync: boolean): Promise<{ idle: Phase; loaded: Phase }> {
  const genesis = testGenesis(4, { epochInterval: 10n, users: 8 });
  const clock = new WallClock(Number(GENESIS_MS));
  const rng = new SimRng(42);
  const net = new SimNetwork(clock, rng.fork());
  net.faults = { ...net.faults, minDelayMs: 5, maxDelayMs: 15 };
  const hooks = { costMsPerTx: COST_MS_PER_TX };
  const apps = await Promise.all(
    [0, 1, 2, 3].map(() => ChainApp.create({ genesis, uedWorker: { hooks }, syncUed: sync })),
  );
  // Pre-signed transfers (signing is not part of what is measured), round-robin over senders.
  const pool: Uint8Array[] = [];
  for (let k = 0; pool.length < TXS_PER_BLOCK * (LOADED + 5); k++) {
    for (let u = 0; u < 8; u++)
      pool.push(transferTx(apps[0]!, user(u), BigInt(k), addrOf(user((u + 1) % 8)), 1n));
  }
  const proposed = new Map<bigint, number>();
  const decided = new Map<bigint, number>();
  let loadFrom = Number.POSITIVE_INFINITY;
  const nodes: SimValidator[] = [];
  const simHooks = {
    sent: (_n: SimValidator, m: Message) => {
      const h = 'proposal' in m ? m.proposal.body.height : undefined;
      if (h !== undefined && !proposed.has(h)) proposed.set(h, clock.wall());
    },
    finalized: (_n: SimValidator, b: Block) => {
      const h = b.header.height;
      if (decided.has(h)) return;
      decided.set(h, clock.wall());
      if (h >= BigInt(IDLE)) {
        loadFrom = Math.min(loadFrom, Number(h) + 1);
        for (const tx of pool.splice(0, TXS_PER_BLOCK)) for (const n of nodes) n.submit(tx);
      }
    },
    trace: () => {},
  };
  const chain = {
    chainId: 'tandem-bench-ape',
    ctx: new ChainContexts('tandem-bench-ape'),
    validators: genesis.validators.map((v) => ({ pubKey: v.public_key, power: v.power })),
    epochLength: genesis.params.epoch_interval,
    timeouts: TIMEOUTS,
  };
  for (let i = 0; i < 4; i++) {
    const key = validatorKeys(i).node;
    nodes.push(new SimValidator(`v${i}`, key, null, chain, clock, net, rng.fork(), simHooks, () => apps[i]!));
  }
  for (const n of nodes) await n.boot();
  const last = BigInt(IDLE + LOADED + 1);
  await clock.run(600_000, () => decided.has(last));
  for (const n of nodes) n.crash();
  await Promise.all(apps.map((a) => a.close()));
  if (clock.errors.length > 0) throw clock.errors[0];
  const phase = (from: number, to: number): Phase => {
    const lat: number[] = [];
    for (let h = from; h <= to; h++) {
      const p = proposed.get(BigInt(h));
      const d = decided.get(BigInt(h));
      if (p !== undefined && d !== undefined) lat.push(d - p);
    }
    const span = (decided.get(BigInt(to))! - decided.get(BigInt(from - 1))!) / 1000;
    return { medianMs: quantile(lat, 0.5), p99Ms: quantile(lat, 0.99), blocksPerS: (to - from + 1) / span };
  };
  // The first heights warm up (JIT, worker start); the first loaded block follows the load start.
  const warm = Math.min(6, Math.max(2, IDLE - 3));
  return { idle: phase(warm, IDLE), loaded: phase(loadFrom + 1, Number(last)) };
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const out: Record<string, number> = {};
console.log(
  `ChainApp ×4 in the simulator on the wall clock: ${IDLE} idle + ${LOADED} loaded heights, ` +
    `${TXS_PER_BLOCK} UED txs/block at ${COST_MS_PER_TX} ms each on the UED thread, commit wait ${TIMEOUTS.commitMs} ms`,
);
for (const mode of ['async', 'sync'] as const) {
  const { idle, loaded } = await measure(mode === 'sync');
  const ratio = loaded.medianMs / idle.medianMs;
  for (const [name, p] of [
    ['idle', idle],
    ['loaded', loaded],
  ] as const) {
    console.log(
      `${mode.padEnd(5)} ${name.padEnd(6)}: proposal→decision median ${r1(p.medianMs)} ms, p99 ${r1(p.p99Ms)} ms, ${r1(p.blocksPerS)} blocks/s`,
    );
    out[`${mode}_${name}_median_ms`] = r1(p.medianMs);
    out[`${mode}_${name}_p99_ms`] = r1(p.p99Ms);
    out[`${mode}_${name}_blocks_per_s`] = r1(p.blocksPerS);
  }
  console.log(`${mode.padEnd(5)} loaded/idle (median latency): ${ratio.toFixed(2)}`);
  out[`${mode}_loaded_over_idle`] = Math.round(ratio * 100) / 100;
}
printJson(out);
