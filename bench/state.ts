// `npm run bench -- state [--accounts N] [--blocks B] [--txs T] [--cache-nodes C] [--cache-mb M]
// [--store node|nodes|compact] [--ued-thread] [--pretenuring]`: transfers/s through executeUed (UED accounts) and executeVed
// (VED-mapped accounts) on N accounts (default 1,000,000) on LevelDB, each domain in the store the
// node runs it on (`node`, the default: the UED on the compact store, the resident tree over its
// state log; the VED on the node store, docs/state.md) or both in one store, signatures verified
// and the tree committed every block, next to the raw Ed25519 verification rate (node:crypto,
// same prehashes, key objects built in advance).
// Per block: the UED block, its raw verification, the VED block, its raw verification, so all
// figures see the same machine conditions; wall-time and CPU-time ratios are both reported. The
// UED's blocks and their raw verification run on this thread, or with `--ued-thread` on a worker
// thread with its own heap, as the node runs its UED (domains/ued-worker-main.ts), one phase at a
// time either way (bench/_state-phase.ts measures each).
// Garbage: each phase pays for its own. The executors are followed, inside their timing, by the
// young-generation collection the node makes after a block (common/young-gc.ts; for the UED, as
// its worker does, once the frame that executed the block has returned), then by two more
// that promote what outlived the block (the node does that in the next block's collection);
// each raw verification phase ends, inside its timing, with a collection too, because every
// node:crypto verification leaves a native job whose cleanup runs at the next collection
// (before, the raw phases never reached one and their cleanups were charged to whichever executor
// did), less the cost of an empty collection timed right after (the fixed part the raw phase is
// not charged).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preferYoungAllocation } from '../src/common/index.js';
import { DEFAULT_MIN_SNAPSHOT_ENTRIES } from '../src/mkvs/index.js';
import { admitSenders, makeBlocks } from './_state-blocks.js';
import { DomainPhases } from './_state-phase.js';
import { type BenchState, buildState, closeState, storeFlag } from './_state-setup.js';
import { inlineUed, startUedThread, type UedSide } from './_state-ued-side.js';
import { flag, fmt, printJson } from './harness.js';

// As the node's command line does first thing (common/young-gc.ts says why); `--pretenuring`
// leaves V8's default on, for comparison.
if (!process.argv.includes('--pretenuring')) preferYoungAllocation();
const ACCOUNTS = flag('accounts', 1_000_000);
const BLOCKS = flag('blocks', 30);
const TXS = flag('txs', 300);
const WARMUP = Math.min(4, BLOCKS - 1);
/** Node cache of each LevelDB node database (`--cache-nodes`; the database's default otherwise). */
const CACHE_NODES = process.argv.includes('--cache-nodes') ? flag('cache-nodes', 1) : undefined;
/** Compact node cache of each node database in MiB (`--cache-mb`; the database's default otherwise). */
const CACHE_MB = process.argv.includes('--cache-mb') ? flag('cache-mb', 1) : undefined;
/** Where each domain's state lives (`--store`, see {@link storeFlag}). */
const STORE = storeFlag();
// Senders are a pool whose keys the bench holds (deriving a million keys would dominate setup);
// receivers are any account of the domain.
const SENDERS = Math.min(1500, Math.floor(ACCOUNTS / 4));
const VED_ACCOUNTS = Math.max(SENDERS, Math.min(50_000, Math.floor(ACCOUNTS / 20)));

/** The UED beside the VED (default), or on a thread of its own, as the node runs it (`--ued-thread`). */
const ONE_THREAD = !process.argv.includes('--ued-thread');

/** The VED's state on this thread, and the UED's blocks on this thread or on their own. */
async function setUp(
  dir: string,
  log: (m: string) => void,
): Promise<{ s: BenchState; ved: DomainPhases; ued: UedSide }> {
  if (ONE_THREAD) {
    const s = await buildState(dir, ACCOUNTS, VED_ACCOUNTS, SENDERS, log, CACHE_NODES, CACHE_MB, STORE);
    const uedBlocks = makeBlocks(s, s.ued.accounts, 1, BLOCKS, TXS);
    const vedBlocks = makeBlocks(s, s.ved.accounts, 2, BLOCKS, TXS);
    log(`signed ${2 * BLOCKS * TXS} transactions`);
    admitSenders(s, [...uedBlocks, ...vedBlocks]);
    const ued = inlineUed(new DomainPhases(s, 'ued', uedBlocks), s.snapshotCpuUs);
    return { s, ved: new DomainPhases(s, 'ved', vedBlocks), ued };
  }
  // The same accounts as on one thread, split: the UED's here only as genesis needs them (its
  // senders), the VED's in the UED thread likewise.
  const ued = await startUedThread({
    dir: join(dir, 'ued-thread'),
    uedAccounts: ACCOUNTS - VED_ACCOUNTS,
    senders: SENDERS,
    blocks: BLOCKS,
    txs: TXS,
    cacheNodes: CACHE_NODES,
    cacheMb: CACHE_MB,
    store: STORE.ued,
  });
  log(`UED thread: ${fmt(ACCOUNTS - VED_ACCOUNTS)} accounts, ${BLOCKS * TXS} transactions signed`);
  const stores = { ued: 'compact' as const, ved: STORE.ved };
  const s = await buildState(
    dir,
    VED_ACCOUNTS + SENDERS,
    VED_ACCOUNTS,
    SENDERS,
    log,
    CACHE_NODES,
    CACHE_MB,
    stores,
  );
  const vedBlocks = makeBlocks(s, s.ved.accounts, 2, BLOCKS, TXS);
  log(`signed ${BLOCKS * TXS} VED transactions`);
  admitSenders(s, vedBlocks);
  return { s, ved: new DomainPhases(s, 'ved', vedBlocks), ued };
}

const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-state-'));
const log = (m: string) => console.log(`[${(performance.now() / 1000).toFixed(1)}s] ${m}`);
try {
  const { s, ved: vedPhases, ued: uedSide } = await setUp(dir, log);
  const ns = { ued: 0n, ved: 0n, raw: 0n };
  // Process CPU time (all threads) beside wall time: the steadier figure on a loaded machine.
  const cpu = { ued: 0, ved: 0, raw: 0 };
  /** What the raw phases' end-of-phase collections cost beyond an empty one (reported). */
  const rawGc = { ns: 0n, cpu: 0 };
  /** Entries of the measured UED blocks' write logs (the compact store's snapshot policy counts them). */
  let uedLogEntries = 0;
  /** The settling collections' cost beyond two empty ones (charged to the executors), and the empty ones'. */
  const settle = { ns: 0n };
  const empty = { ns: 0n };
  for (let h = 1; h <= BLOCKS; h++) {
    for (const d of ['ued', 'ved'] as const) {
      const f = await (d === 'ued' ? uedSide.block(h) : vedPhases.block(h));
      if (h <= WARMUP) continue;
      if (d === 'ued') uedLogEntries += f.logEntries;
      // The two settling collections less two empty ones: the node makes one collection per block,
      // which promotes the previous block's survivors itself (counted once, in the block's own).
      ns[d] += f.xNs + f.sNs - 2n * f.eNs;
      cpu[d] += f.xCpu + f.sCpu - 2 * f.eCpu;
      settle.ns += f.sNs - 2n * f.eNs;
      empty.ns += f.eNs;
      ns.raw += f.vNs + f.cNs - f.eNs;
      cpu.raw += f.vCpu + f.cCpu - f.eCpu;
      rawGc.ns += f.cNs - f.eNs;
      rawGc.cpu += f.cCpu - f.eCpu;
    }
  }
  log(`executed ${BLOCKS} blocks per domain`);
  const f0 = performance.now();
  await uedSide.close();
  await closeState(s);
  const closeMs = performance.now() - f0;
  const transfersMeasured = () => (BLOCKS - WARMUP) * TXS;
  const n = transfersMeasured() * 1e9;
  const ued = n / Number(ns.ued);
  const ved = n / Number(ns.ved);
  const raw = (2 * n) / Number(ns.raw);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  console.log(
    `${fmt(ACCOUNTS)} accounts on LevelDB (${fmt(VED_ACCOUNTS)} VED), ${TXS} transfers per block, ` +
      `${BLOCKS - WARMUP} measured blocks per domain, signatures verified, commit per block`,
  );
  console.log(`ued transfers ${fmt(ued)}/s   ratio to raw verify ${r3(ued / raw)}`);
  console.log(`ved transfers ${fmt(ved)}/s   ratio to raw verify ${r3(ved / raw)}`);
  const rawGcUs = Number(rawGc.ns) / 1e3 / (2 * transfersMeasured());
  console.log(
    `raw ed25519 verify ${fmt(raw)}/s (of which ${r3(rawGcUs)} µs per verification is the cleanup of ` +
      `its node:crypto job at the phase's collection)`,
  );
  console.log(
    `stores: ued ${STORE.ued}, ved ${STORE.ved}; the ued ${ONE_THREAD ? 'on the main thread' : 'on a thread of its own, as the node runs it'}; ` +
      'a young-generation collection after each block, as the node makes',
  );
  const cpuRatio = (x: number) => r3(cpu.raw / 2 / x);
  console.log(`cpu-time ratios to raw verify: ued ${cpuRatio(cpu.ued)}, ved ${cpuRatio(cpu.ved)}`);
  // The compact store's snapshots: one is due when the entries logged since the last reach the
  // live keys, so its cost spreads over that many logged entries; charged per transfer here.
  const transfers = n / 1e9;
  const perTransfer = uedLogEntries / transfers;
  const snapshotUs =
    STORE.ued === 'compact'
      ? (uedSide.snapshotCpuUs * perTransfer) / Math.max(DEFAULT_MIN_SNAPSHOT_ENTRIES, ACCOUNTS)
      : 0;
  const uedAmortized = 1e6 / (1e6 / ued + snapshotUs);
  if (STORE.ued === 'compact') {
    console.log(
      `snapshot of ${fmt(ACCOUNTS)} accounts ${fmt(uedSide.snapshotCpuUs / 1000)} ms CPU, ${r3(perTransfer)} log ` +
        `entries per transfer: ${r3(snapshotUs)} µs per transfer amortized; ued ratio with it ` +
        `${r3(uedAmortized / raw)}; close (last writes durable) ${fmt(closeMs)} ms`,
    );
  }
  printJson({
    accounts: ACCOUNTS,
    store: STORE.name,
    ued_store: STORE.ued,
    ved_store: STORE.ved,
    ved_accounts: VED_ACCOUNTS,
    ued_thread: !ONE_THREAD,
    ued_transfers_per_s: Math.round(ued),
    ved_transfers_per_s: Math.round(ved),
    raw_verify_per_s: Math.round(raw),
    ued_to_verify_ratio: r3(ued / raw),
    ved_to_verify_ratio: r3(ved / raw),
    ued_cpu_ratio: cpuRatio(cpu.ued),
    ved_cpu_ratio: cpuRatio(cpu.ved),
    // Process CPU µs per transfer and per raw verification: a change that moves garbage-collector
    // work between the phases moves both ratios, which these absolute figures show.
    ued_cpu_us: r3(cpu.ued / (n / 1e9)),
    ved_cpu_us: r3(cpu.ved / (n / 1e9)),
    raw_cpu_us: r3(cpu.raw / ((2 * n) / 1e9)),
    raw_gc_us: r3(rawGcUs),
    settle_gc_us: r3(Number(settle.ns) / 1e3 / (2 * transfersMeasured())),
    empty_gc_us: r3(Number(empty.ns) / 1e3 / (2 * (BLOCKS - WARMUP))),
    ...(STORE.ued === 'compact' && {
      snapshot_cpu_ms: Math.round(uedSide.snapshotCpuUs / 1000),
      snapshot_us_per_transfer: r3(snapshotUs),
      ued_to_verify_ratio_with_snapshots: r3(uedAmortized / raw),
    }),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
