// `npm run bench -- state [--accounts N] [--blocks B] [--txs T] [--cache-nodes C] [--cache-mb M]`:
// transfers/s through executeUed (UED accounts) and executeVed (VED-mapped accounts) on N accounts
// (default 1,000,000) on LevelDB, signatures verified and the tree committed every block, next to
// the raw Ed25519 verification rate (node:crypto, same prehashes, key objects built in advance).
// Per block: the UED block, its raw verification, the VED block, its raw verification, so all
// figures see the same machine conditions; wall-time and CPU-time ratios are both reported.
import { createHash, type KeyObject, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicKeyObject, quantityToBytes, utf8 } from '../src/common/index.js';
import {
  decodeSignedTx,
  type ExecuteResult,
  executeUed,
  executeVed,
  readEnvelope,
  signTransaction,
  txContext,
} from '../src/consensus/index.js';
import { type BenchState, buildState, type DomainAccounts } from './_state-setup.js';
import { fmt, printJson } from './harness.js';

function flag(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? dflt : Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`bench: --${name} needs a positive integer`);
  return v;
}

const ACCOUNTS = flag('accounts', 1_000_000);
const BLOCKS = flag('blocks', 30);
const TXS = flag('txs', 300);
const WARMUP = Math.min(4, BLOCKS - 1);
/** Node cache of each LevelDB node database (`--cache-nodes`; the database's default otherwise). */
const CACHE_NODES = process.argv.includes('--cache-nodes') ? flag('cache-nodes', 1) : undefined;
/** Compact node cache of each node database in MiB (`--cache-mb`; the database's default otherwise). */
const CACHE_MB = process.argv.includes('--cache-mb') ? flag('cache-mb', 1) : undefined;
// Senders are a pool whose keys the bench holds (deriving a million keys would dominate setup);
// receivers are any account of the domain.
const SENDERS = Math.min(1500, Math.floor(ACCOUNTS / 4));
const VED_ACCOUNTS = Math.max(SENDERS, Math.min(50_000, Math.floor(ACCOUNTS / 20)));

/** A deterministic xorshift generator (the blocks are the same on every run). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Signed blocks of transfers from random senders of the pool to random accounts. */
function makeBlocks(
  s: BenchState,
  acc: DomainAccounts,
  seed: number,
): { txs: Uint8Array[]; keys: KeyObject[] }[] {
  const rand = rng(seed);
  const nonces = acc.senders.map(() => 0n);
  const keyObjects = acc.senders.map((u) => publicKeyObject(u.publicKey));
  const out: { txs: Uint8Array[]; keys: KeyObject[] }[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const txs: Uint8Array[] = [];
    const keys: KeyObject[] = [];
    for (let t = 0; t < TXS; t++) {
      const i = Math.floor(rand() * acc.senders.length);
      let j = i;
      while (j === i) j = Math.floor(rand() * acc.count);
      const from = acc.senderAddrs[i]!;
      const to = acc.address(j);
      txs.push(
        signTransaction(acc.senders[i]!, s.params.chainContext, {
          nonce: nonces[i]!++,
          fee: { amount: 1n, gas: 10_000n },
          method: 'system.Transfer',
          body: { to, amount: quantityToBytes(BigInt(1 + t)) },
          accounts: [
            { address: from, writable: true },
            { address: to, writable: true },
          ],
        }),
      );
      keys.push(keyObjects[i]!);
    }
    out.push({ txs, keys });
  }
  return out;
}

let ctx: Uint8Array;
/** Raw verification of a block: each transaction's prehash and one node:crypto verify. */
function rawVerify(block: { txs: Uint8Array[]; keys: KeyObject[] }): void {
  block.txs.forEach((b, i) => {
    const e = readEnvelope(b);
    const m = createHash('sha512-256').update(ctx).update(e.raw).digest();
    if (!nodeVerify(null, m, block.keys[i]!, e.signature)) throw new Error('bench: raw verify failed');
  });
}

function checkOk(r: ExecuteResult, domain: string): void {
  if (r.receipts.length !== TXS || r.receipts.some((x) => x.receipt.status !== 0))
    throw new Error(`bench: a ${domain} transfer was skipped or failed`);
}

const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-state-'));
const log = (m: string) => console.log(`[${(performance.now() / 1000).toFixed(1)}s] ${m}`);
try {
  const s = await buildState(dir, ACCOUNTS, VED_ACCOUNTS, SENDERS, log, CACHE_NODES, CACHE_MB);
  ctx = utf8(txContext(s.params.chainContext));
  const uedBlocks = makeBlocks(s, s.ued.accounts, 1);
  const vedBlocks = makeBlocks(s, s.ved.accounts, 2);
  log(`signed ${2 * BLOCKS * TXS} transactions`);
  // Mempool admission has checked a transaction of every sender before its block runs (as a
  // node's CheckTx does), so the executor finds their public keys in the key cache, like the
  // raw verification, which builds its key objects in advance.
  const admitted = new Set<KeyObject>();
  for (const b of [...uedBlocks, ...vedBlocks]) {
    b.txs.forEach((tx, i) => {
      if (admitted.has(b.keys[i]!)) return;
      admitted.add(b.keys[i]!);
      decodeSignedTx(tx, s.params.chainContext);
    });
  }
  const ns = { ued: 0n, ved: 0n, raw: 0n };
  // Process CPU time (all threads) beside wall time: the steadier figure on a loaded machine.
  const cpu = { ued: 0, ved: 0, raw: 0 };
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
    rawVerify(uedBlocks[h - 1]!);
    const c2 = used();
    const t2 = process.hrtime.bigint();
    const v = await executeVed({
      ...input,
      tree: s.ved.tree,
      block: { ...common, parentHash: s.ved.parentHash, txs: vedBlocks[h - 1]!.txs },
    });
    const t3 = process.hrtime.bigint();
    const c3 = used();
    rawVerify(vedBlocks[h - 1]!);
    const t4 = process.hrtime.bigint();
    const c4 = used();
    checkOk(u, 'UED');
    checkOk(v, 'VED');
    if (h > WARMUP) {
      ns.ued += t1 - t0;
      ns.raw += t2 - t1 + (t4 - t3);
      ns.ved += t3 - t2;
      cpu.ued += c1 - c0;
      cpu.raw += c2 - c1 + (c4 - c3);
      cpu.ved += c3 - c2;
    }
    s.ued.parentHash = u.domainHash;
    s.ved.parentHash = v.domainHash;
    time += 400n;
  }
  log(`executed ${BLOCKS} blocks per domain`);
  await Promise.all([s.ued.db.close(), s.ved.db.close()]);
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
  printJson({
    accounts: ACCOUNTS,
    ved_accounts: VED_ACCOUNTS,
    ued_transfers_per_s: Math.round(ued),
    ved_transfers_per_s: Math.round(ved),
    raw_verify_per_s: Math.round(raw),
    ued_to_verify_ratio: r3(ued / raw),
    ved_to_verify_ratio: r3(ved / raw),
    ued_cpu_ratio: cpuRatio(cpu.ued),
    ved_cpu_ratio: cpuRatio(cpu.ved),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
