// Not a benchmark (the leading `_` keeps it out of `npm run bench`): the non-verification CPU of
// the kv path, host and runtime in ONE process (the runtime served in-process, no verification
// threads), every signature verified beforehand by a CheckTxBatch so that execution verifies none
// (checked with signatureStats). What one core pays per transaction besides Ed25519: host,
// runtime, RHP and GC (V8's helper threads included, as process.cpuUsage counts every thread).
//   node --expose-gc dist/bench/_kv-nonverify.js [--rounds 3] [--batches 8] [--size 1000] [--prof DIR] [--alloc DIR]
// (`--prof DIR`: a CPU profile of the executions only, signing and checking left out, to DIR;
// `--alloc DIR`: a sampling allocation profile of them, collected objects included).
// Prints per round: process CPU µs/tx, verifications during execution (0 expected), GC counts.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { kvRuntime } from '../examples/runtimes/kv/runtime.js';
import { signatureStats } from '../src/common/index.js';
import { InProcessProvisioner, inProcessBundle, LocalRuntimeHost } from '../src/runtime/testhost/index.js';
import { kvBatchMaker } from './_kv-batch.js';
import { flag } from './harness.js';

const { values: opts } = parseArgs({
  options: { prof: { type: 'string' }, alloc: { type: 'string' } },
  strict: false,
});
const PROF = opts.prof as string | undefined;
const ALLOC = opts.alloc as string | undefined;
const SIZE = flag('size', 1000);
const BATCHES = flag('batches', 8);
const ROUNDS = flag('rounds', 3);
const batch = kvBatchMaker(SIZE);

let minor = 0;
let major = 0;
new PerformanceObserver((l) => {
  for (const e of l.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === 1) minor++;
    else major++;
  }
}).observe({ entryTypes: ['gc'] });

const h = await LocalRuntimeHost.open({
  bundle: inProcessBundle(kvRuntime),
  provisioner: new InProcessProvisioner(kvRuntime, { verifyPool: { threads: 0 } }),
});
const session = new Session();
if (PROF || ALLOC) session.connect();
if (PROF) {
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
}
try {
  await h.executeBatches([batch(h), batch(h)]);
  for (let r = 0; r < ROUNDS; r++) {
    const work = Array.from({ length: BATCHES }, () => batch(h));
    for (const b of work) await h.check(b);
    (globalThis as { gc?: () => void }).gc?.();
    const v0 = signatureStats.verifies;
    const [m0, j0] = [minor, major];
    const heap0 = getHeapStatistics().total_heap_size;
    if (PROF) await session.post('Profiler.start');
    if (ALLOC)
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      } as never);
    const c0 = process.cpuUsage();
    const out = await h.executeBatches(work);
    const c = process.cpuUsage(c0);
    if (PROF) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`${PROF}/round-${r}.cpuprofile`, JSON.stringify(profile));
    }
    if (ALLOC) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(`${ALLOC}/round-${r}.heapprofile`, JSON.stringify(profile));
    }
    await new Promise((r) => setImmediate(r)); // let the gc observer catch up
    if (out.some((o) => o.response.tx_hashes.length !== SIZE))
      throw new RangeError('a transaction was rejected');
    const txs = SIZE * BATCHES;
    console.log(
      `round ${r}: ${((c.user + c.system) / txs).toFixed(1)} µs/tx  verifies ${signatureStats.verifies - v0}  ` +
        `scavenges ${minor - m0}  mark-compacts ${major - j0}  heap ${((getHeapStatistics().total_heap_size - heap0) / 1e6).toFixed(1)} MB`,
    );
  }
} finally {
  await h.close();
}
