// `npm run bench -- runtime [--quick]`: the runtime host path, sandboxed (bubblewrap + seccomp)
// and unconfined side by side in one run, measured in alternating rounds (best round kept):
// - RHP round trip: sequential pings (latency, µs) and pipelined pings (frames/s, both
//   directions counted);
// - kv batch throughput for batches of 1, 100 and 1,000 inserts (tx/s): the runtime checks each
//   signature and nonce, reads state through the host with verified proofs, computes the IO and
//   state roots; the host verifies both roots from the write logs and commits (memory state).
//   Consecutive batches are pipelined (`LocalRuntimeHost.executeBatches`): the host's checks and
//   commit of one batch overlap the runtime's execution of the next. At batches of 1,000 a round
//   is 8 batches (4 before 2026-12-02 02:30 UTC): the pipeline's fill (the first batch's runtime
//   phase, the host idle) and drain (the last batch's host phase, the runtime idle) are not
//   overlapped, and were a quarter of a 4-batch round; every batch's whole work is still timed,
//   fill and drain included, so the figure is the throughput of 8 consecutive batches.
// - the "on one core": kv batches of 1,000 (sandboxed) with the process, its runtime and
//   all their threads pinned to CPU 0 (`taskset`), next to the raw Ed25519 verify rate on that
//   CPU, which bounds it (`_one-core.ts`); 5 rounds at batches of 1,000 in the two-core part.
// Transactions are signed before timing starts (client work). `sandbox_overhead_ratio` is
// sandboxed ÷ unconfined throughput at batch 1,000, as the issue defines it (1 = no overhead; the
// target, overhead under 10%, is a ratio of at least 0.90).
import { join } from 'node:path';
import { Ed25519Signer } from '../src/common/index.js';
import { LocalRuntimeHost } from '../src/runtime/index.js';
import { signTx } from '../src/runtime/sdk/index.js';
import { oneCore } from './_one-core.js';
import { fmt, printJson } from './harness.js';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 1 : 3;
/** Rounds at batches of 1,000, whose sandboxed ÷ unconfined ratio is the overhead target's figure. */
const ROUNDS_1000 = QUICK ? 1 : 5;
const BUNDLE = join(import.meta.dirname, '..', '..', 'examples', 'runtimes', 'kv', 'bundle');
const MODES = ['sandboxed', 'unconfined'] as const;
type Mode = (typeof MODES)[number];

const hosts: Record<Mode, LocalRuntimeHost> = {
  sandboxed: await LocalRuntimeHost.open({ bundleDir: BUNDLE }),
  unconfined: await LocalRuntimeHost.open({ bundleDir: BUNDLE, unconfined: true }),
};
const senders = Array.from({ length: 16 }, (_, i) => Ed25519Signer.fromSeed(new Uint8Array(32).fill(i + 1)));
const nextNonce = new Map<string, bigint>();
let keyCounter = 0;

/** `n` signed inserts with fresh keys and the right nonces for `host` (senders round-robin). */
function makeBatch(host: LocalRuntimeHost, mode: Mode, n: number): Uint8Array[] {
  const domain = { runtimeId: host.runtimeId, chainContext: host.chainContext };
  return Array.from({ length: n }, (_, i) => {
    const s = senders[i % senders.length]!;
    const k = `${mode}/${i % senders.length}`;
    const nonce = nextNonce.get(k) ?? 0n;
    nextNonce.set(k, nonce + 1n);
    const key = `key-${keyCounter++}`;
    return signTx(s, domain, { nonce, method: 'insert', body: { key, value: `value of ${key}` } });
  });
}

async function pingLatencyUs(host: LocalRuntimeHost, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await host.host.request('RuntimePingRequest', {});
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

async function framesPerSecond(host: LocalRuntimeHost, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: n }, () => host.host.request('RuntimePingRequest', {})));
  return (2 * n * 1e9) / Number(process.hrtime.bigint() - t0);
}

async function kvTps(host: LocalRuntimeHost, mode: Mode, size: number, batches: number): Promise<number> {
  const work = Array.from({ length: batches }, () => makeBatch(host, mode, size));
  const t0 = process.hrtime.bigint();
  // Pipelined: the host checks and commits batch N while the runtime executes batch N+1.
  const out = await host.executeBatches(work);
  for (const r of out) {
    if (r.response.tx_hashes.length !== size) throw new RangeError(`${mode}: a transaction was rejected`);
  }
  return (size * batches * 1e9) / Number(process.hrtime.bigint() - t0);
}

/** Alternating rounds; keeps each mode's best (lowest for latency, highest otherwise). */
async function best(f: (h: LocalRuntimeHost, m: Mode) => Promise<number>, lower = false, rounds = ROUNDS) {
  const out: Partial<Record<Mode, number>> = {};
  for (let r = 0; r < rounds; r++) {
    for (const m of MODES) {
      const v = await f(hosts[m], m);
      const prev = out[m];
      out[m] = prev === undefined ? v : lower ? Math.min(prev, v) : Math.max(prev, v);
    }
  }
  return out as Record<Mode, number>;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
try {
  await best((h) => pingLatencyUs(h, 200)); // warm up both runtimes
  const latency = await best((h) => pingLatencyUs(h, QUICK ? 500 : 1500), true);
  const frames = await best((h) => framesPerSecond(h, QUICK ? 2000 : 10_000));
  const tps: Record<number, Record<Mode, number>> = {};
  const plan: [number, number][] = QUICK
    ? [
        [1, 50],
        [100, 3],
        [1000, 1],
      ]
    : [
        [1, 200],
        [100, 8],
        // Eight batches a round (see the header): with two, one major GC in a round moved the
        // figure by ~10%; with four, the pipeline's fill and drain weighed a quarter of it.
        [1000, 8],
      ];
  await best((h, m) => kvTps(h, m, 100, 1)); // warm up the execution path
  for (const [size, batches] of plan) {
    const rounds = size === 1000 ? ROUNDS_1000 : ROUNDS;
    tps[size] = await best((h, m) => kvTps(h, m, size, batches), false, rounds);
  }
  // The "on one core": the same sandboxed kv path pinned to one CPU, next to the raw
  // verify rate on that CPU (every transaction costs one verification, so that rate bounds it).
  const one = oneCore(QUICK);

  console.log(
    `runtime host: kv example runtime, sandboxed vs unconfined, best of ${ROUNDS} alternating rounds (${ROUNDS_1000} at batches of 1,000)`,
  );
  console.log(
    `RHP round trip   sandboxed ${latency.sandboxed.toFixed(1)} µs   unconfined ${latency.unconfined.toFixed(1)} µs   sandboxed÷unconfined ${ratio(latency.sandboxed, latency.unconfined)}`,
  );
  console.log(
    `RHP frames/s     sandboxed ${fmt(frames.sandboxed)}   unconfined ${fmt(frames.unconfined)}   sandboxed÷unconfined ${ratio(frames.sandboxed, frames.unconfined)}`,
  );
  for (const [size] of plan) {
    const t = tps[size]!;
    console.log(
      `kv batch ${String(size).padStart(4)}    sandboxed ${fmt(t.sandboxed)} tx/s   unconfined ${fmt(t.unconfined)} tx/s   sandboxed÷unconfined ${ratio(t.sandboxed, t.unconfined)}`,
    );
  }
  const figures: Record<string, number> = {
    rhp_roundtrip_us: Math.round(latency.sandboxed * 10) / 10,
    rhp_roundtrip_us_unconfined: Math.round(latency.unconfined * 10) / 10,
    rhp_frames_per_s: Math.round(frames.sandboxed),
    rhp_frames_per_s_unconfined: Math.round(frames.unconfined),
  };
  for (const [size] of plan) {
    figures[`kv_tps_batch_${size}`] = Math.round(tps[size]!.sandboxed);
    figures[`kv_tps_batch_${size}_unconfined`] = Math.round(tps[size]!.unconfined);
  }
  figures.sandbox_overhead_ratio = ratio(tps[1000]!.sandboxed, tps[1000]!.unconfined);
  if (one) {
    console.log(
      `kv batch 1000 on one core (taskset -c 0, sandboxed) ${fmt(one.kvTps)} tx/s   raw Ed25519 verify on that core ${fmt(one.rawVerifyPerS)}/s   kv÷verify ${ratio(one.kvTps, one.rawVerifyPerS)}`,
    );
    figures.kv_tps_batch_1000_one_core = one.kvTps;
    figures.raw_verify_per_s_one_core = one.rawVerifyPerS;
    figures.one_core_kv_to_verify_ratio = ratio(one.kvTps, one.rawVerifyPerS);
  }
  printJson(figures);
} finally {
  await hosts.sandboxed.close();
  await hosts.unconfined.close();
}
