// `npm run bench -- state [--accounts N] [--blocks B] [--txs T] [--cache-nodes C] [--cache-mb M]
// [--store nodes|compact]`: transfers/s through executeUed (UED accounts) and executeVed
// (VED-mapped accounts) on N accounts (default 1,000,000) on LevelDB, in the node store (default:
// what the node runs) or the compact store (the resident tree over its state log, docs/state.md),
// signatures verified and the tree committed every block, next to
// the raw Ed25519 verification rate (node:crypto, same prehashes, key objects built in advance).
// Per block: the UED block, its raw verification, the VED block, its raw verification, so all
// figures see the same machine conditions; wall-time and CPU-time ratios are both reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ExecuteResult, executeUed, executeVed } from '../src/consensus/index.js';
import { DEFAULT_MIN_SNAPSHOT_ENTRIES } from '../src/mkvs/index.js';
import { admitSenders, makeBlocks, rawVerify } from './_state-blocks.js';
import { type BenchStore, buildState, closeState, storeFlag } from './_state-setup.js';
import { flag, fmt, printJson } from './harness.js';

const ACCOUNTS = flag('accounts', 1_000_000);
const BLOCKS = flag('blocks', 30);
const TXS = flag('txs', 300);
const WARMUP = Math.min(4, BLOCKS - 1);
/** Node cache of each LevelDB node database (`--cache-nodes`; the database's default otherwise). */
const CACHE_NODES = process.argv.includes('--cache-nodes') ? flag('cache-nodes', 1) : undefined;
/** Compact node cache of each node database in MiB (`--cache-mb`; the database's default otherwise). */
const CACHE_MB = process.argv.includes('--cache-mb') ? flag('cache-mb', 1) : undefined;
/** Where the state lives (`--store nodes|compact`, see {@link BenchStore}). */
const STORE: BenchStore = storeFlag();
// Senders are a pool whose keys the bench holds (deriving a million keys would dominate setup);
// receivers are any account of the domain.
const SENDERS = Math.min(1500, Math.floor(ACCOUNTS / 4));
const VED_ACCOUNTS = Math.max(SENDERS, Math.min(50_000, Math.floor(ACCOUNTS / 20)));

function checkOk(r: ExecuteResult, domain: string): void {
  if (r.receipts.length !== TXS || r.receipts.some((x) => x.receipt.status !== 0))
    throw new Error(`bench: a ${domain} transfer was skipped or failed`);
}

const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-state-'));
const log = (m: string) => console.log(`[${(performance.now() / 1000).toFixed(1)}s] ${m}`);
try {
  const s = await buildState(dir, ACCOUNTS, VED_ACCOUNTS, SENDERS, log, CACHE_NODES, CACHE_MB, STORE);
  const uedBlocks = makeBlocks(s, s.ued.accounts, 1, BLOCKS, TXS);
  const vedBlocks = makeBlocks(s, s.ved.accounts, 2, BLOCKS, TXS);
  log(`signed ${2 * BLOCKS * TXS} transactions`);
  admitSenders(s, [...uedBlocks, ...vedBlocks]);
  const ns = { ued: 0n, ved: 0n, raw: 0n };
  // Process CPU time (all threads) beside wall time: the steadier figure on a loaded machine.
  const cpu = { ued: 0, ved: 0, raw: 0 };
  /** Entries of the measured UED blocks' write logs (the compact store's snapshot policy counts them). */
  let uedLogEntries = 0;
  const used = () => process.cpuUsage().user + process.cpuUsage().system;
  let time = s.timeMs;
  for (let h = 1; h <= BLOCKS; h++) {
    const common = { height: BigInt(h), timeMs: time + 400n, parentTimeMs: time };
    const input = { params: s.params, vedSet: s.vedSet, services: s.services };
    const c0 = used();
    const t0 = process.hrtime.bigint();
    const u = await executeUed({
      ...input,
      tree: s.ued.tree,
      block: { ...common, parentHash: s.ued.parentHash, txs: uedBlocks[h - 1]!.txs },
    });
    const t1 = process.hrtime.bigint();
    const c1 = used();
    rawVerify(s, uedBlocks[h - 1]!);
    const c2 = used();
    const t2 = process.hrtime.bigint();
    const v = await executeVed({
      ...input,
      tree: s.ved.tree,
      block: { ...common, parentHash: s.ved.parentHash, txs: vedBlocks[h - 1]!.txs },
    });
    const t3 = process.hrtime.bigint();
    const c3 = used();
    rawVerify(s, vedBlocks[h - 1]!);
    const t4 = process.hrtime.bigint();
    const c4 = used();
    checkOk(u, 'UED');
    checkOk(v, 'VED');
    if (h > WARMUP) {
      ns.ued += t1 - t0;
      ns.raw += t2 - t1 + (t4 - t3);
      ns.ved += t3 - t2;
      cpu.ued += c1 - c0;
      uedLogEntries += s.ued.tree.writeLog().length;
      cpu.raw += c2 - c1 + (c4 - c3);
      cpu.ved += c3 - c2;
    }
    s.ued.parentHash = u.domainHash;
    s.ved.parentHash = v.domainHash;
    time += 400n;
  }
  log(`executed ${BLOCKS} blocks per domain`);
  const f0 = performance.now();
  await closeState(s);
  const closeMs = performance.now() - f0;
  const n = (BLOCKS - WARMUP) * TXS * 1e9;
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
  console.log(`raw ed25519 verify ${fmt(raw)}/s`);
  const cpuRatio = (x: number) => r3(cpu.raw / 2 / x);
  console.log(`cpu-time ratios to raw verify: ued ${cpuRatio(cpu.ued)}, ved ${cpuRatio(cpu.ved)}`);
  // The compact store's snapshots: one is due when the entries logged since the last reach the
  // live keys, so its cost spreads over that many logged entries; charged per transfer here.
  const transfers = n / 1e9;
  const perTransfer = uedLogEntries / transfers;
  const snapshotUs =
    STORE === 'compact'
      ? (s.snapshotCpuUs * perTransfer) / Math.max(DEFAULT_MIN_SNAPSHOT_ENTRIES, ACCOUNTS)
      : 0;
  const uedAmortized = 1e6 / (1e6 / ued + snapshotUs);
  if (STORE === 'compact') {
    console.log(
      `snapshot of ${fmt(ACCOUNTS)} accounts ${fmt(s.snapshotCpuUs / 1000)} ms CPU, ${r3(perTransfer)} log ` +
        `entries per transfer: ${r3(snapshotUs)} µs per transfer amortized; ued ratio with it ` +
        `${r3(uedAmortized / raw)}; close (last writes durable) ${fmt(closeMs)} ms`,
    );
  }
  printJson({
    accounts: ACCOUNTS,
    store: STORE,
    ved_accounts: VED_ACCOUNTS,
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
    ...(STORE === 'compact' && {
      snapshot_cpu_ms: Math.round(s.snapshotCpuUs / 1000),
      snapshot_us_per_transfer: r3(snapshotUs),
      ued_to_verify_ratio_with_snapshots: r3(uedAmortized / raw),
    }),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
