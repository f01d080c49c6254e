// Run by `npm run bench -- runtime` under `taskset -c 0`, so this process, the runtime it starts
// and every thread of both share one CPU (the "on one core"): kv batches of 1,000 through
// the sandboxed host, pipelined, best of `--rounds` rounds of `--batches` batches, and the raw
// Ed25519 verification rate on the same core, which bounds it (every transaction is verified
// once). Prints one JSON line: { kv_tps, raw_verify_per_s, threads }.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LocalRuntimeHost } from '../src/runtime/index.js';
import { kvBatchMaker } from './_kv-batch.js';
import { rawVerifyPerSecond } from './_raw-verify.js';
import { flag } from './harness.js';

const SIZE = 1000;
const ROUNDS = flag('rounds', 3);
const BATCHES = flag('batches', 4);
const BUNDLE = join(import.meta.dirname, '..', '..', 'examples', 'runtimes', 'kv', 'bundle');
const batch = kvBatchMaker(SIZE);

const h = await LocalRuntimeHost.open({ bundleDir: BUNDLE });
try {
  await h.executeBatches([batch(h), batch(h)]); // warm-up
  let best = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const work = Array.from({ length: BATCHES }, () => batch(h));
    const t0 = process.hrtime.bigint();
    const out = await h.executeBatches(work);
    const tps = (SIZE * BATCHES * 1e9) / Number(process.hrtime.bigint() - t0);
    if (out.some((o) => o.response.tx_hashes.length !== SIZE))
      throw new RangeError('a transaction was rejected');
    best = Math.max(best, tps);
  }
  const raw = rawVerifyPerSecond();
  process.stdout.write(
    `${JSON.stringify({ kv_tps: Math.round(best), raw_verify_per_s: Math.round(raw), threads: availableParallelism() })}\n`,
  );
} finally {
  await h.close();
}
