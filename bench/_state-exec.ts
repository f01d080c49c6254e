// Not a benchmark of record: the executor's CPU per transfer outside the signature check, for
// comparing variants of the executor side by side. The state bench's setup and blocks, every
// transaction already in the node's verified set (as in a validator that admitted it), so
// `executeUed`/`executeVed` do no Ed25519 work. Prints process CPU µs per transfer (every thread)
// per domain and, when run with `--expose-gc` and a new space larger than a block's garbage
// (`--min-semi-space-size=128 --max-semi-space-size=128`), heap bytes allocated per transfer.
// `node --expose-gc --min-semi-space-size=128 --max-semi-space-size=128 dist/bench/_state-exec.js
// [--accounts N] [--blocks B] [--only ued|ved]`
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { preferYoungAllocation, toHex } from '../src/common/index.js';
import { executeUed, executeVed, txHash, VerifiedTxs } from '../src/consensus/index.js';
import { makeBlocks } from './_state-blocks.js';
import { buildState, closeState, storeFlag } from './_state-setup.js';
import { flag } from './harness.js';

// As the node's command line does first thing (common/young-gc.ts); `--pretenuring` keeps V8's default.
if (!process.argv.includes('--pretenuring')) preferYoungAllocation();
const ACCOUNTS = flag('accounts', 200_000);
const BLOCKS = flag('blocks', 16);
const TXS = 300;
const WARMUP = 4;
const SENDERS = Math.min(1500, Math.floor(ACCOUNTS / 4));
const VED_ACCOUNTS = Math.max(SENDERS, Math.min(50_000, Math.floor(ACCOUNTS / 20)));
const gc = (globalThis as { gc?: () => void }).gc;
const STORE = storeFlag();
/** One domain alone (`--only ued|ved`), e.g. to profile it; both by default. */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const DOMAINS = (['ued', 'ved'] as const).filter((d) => ONLY === undefined || d === ONLY);

const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-exec-'));
try {
  const s = await buildState(dir, ACCOUNTS, VED_ACCOUNTS, SENDERS, () => {}, undefined, undefined, STORE);
  const blocks = {
    ued: makeBlocks(s, s.ued.accounts, 1, BLOCKS, TXS),
    ved: makeBlocks(s, s.ved.accounts, 2, BLOCKS, TXS),
  };
  const verified = new VerifiedTxs(1 << 20);
  for (const b of [...blocks.ued, ...blocks.ved]) for (const tx of b.txs) verified.add(toHex(txHash(tx)));
  const cpu = { ued: 0, ved: 0 };
  const heap = { ued: 0, ved: 0 };
  const used = () => process.cpuUsage().user + process.cpuUsage().system;
  let time = s.timeMs;
  for (let h = 1; h <= BLOCKS; h++) {
    const common = { height: BigInt(h), timeMs: time + 400n, parentTimeMs: time };
    for (const d of DOMAINS) {
      const dom = s[d];
      const input = {
        params: s.params,
        vedSet: s.vedSet,
        services: s.services,
        verified,
        tree: dom.tree,
        block: { ...common, parentHash: dom.parentHash, txs: blocks[d][h - 1]!.txs },
      };
      gc?.();
      const h0 = getHeapStatistics().used_heap_size;
      const c0 = used();
      const r = await (d === 'ued' ? executeUed(input) : executeVed(input));
      const c1 = used();
      const h1 = getHeapStatistics().used_heap_size;
      if (r.receipts.length !== TXS || r.receipts.some((x) => x.receipt.status !== 0))
        throw new Error(`bench: a ${d} transfer was skipped or failed`);
      dom.parentHash = r.domainHash;
      if (h > WARMUP) {
        cpu[d] += c1 - c0;
        heap[d] += h1 - h0;
      }
    }
    time += 400n;
  }
  await closeState(s);
  const n = (BLOCKS - WARMUP) * TXS;
  const out = {
    accounts: ACCOUNTS,
    store: STORE.name,
    ued_cpu_us_per_tx: Math.round((10 * cpu.ued) / n) / 10,
    ved_cpu_us_per_tx: Math.round((10 * cpu.ved) / n) / 10,
    ...(gc
      ? { ued_heap_bytes_per_tx: Math.round(heap.ued / n), ved_heap_bytes_per_tx: Math.round(heap.ved / n) }
      : {}),
  };
  console.log(JSON.stringify(out));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
