/**
 * The workload generator behind `tandem load`: funds a set of fresh sender accounts from one key
 * (so per-sender nonce and mempool limits do not cap the rate), then submits signed transfers
 * round-robin across them at a fixed rate, and measures for each the time from its submission to
 * the block that decided it (watched over the `blocks` subscription). The transfers are signed
 * before the run's clock starts (up to {@link PRESIGN_MAX}; load-transfers.ts): signing is client
 * work a node never does, so it should not take the cores of the nodes being measured.
 */

import { ClientError, type TandemClient } from '../client/index.js';
import { addressFromPublicKey, Ed25519Signer, type Signer, TandemError, toHex } from '../common/index.js';
import { CliError } from './errors.js';
import { percentile } from './load-steps.js';
import {
  LOAD_FEE,
  PRESIGN_MAX,
  type SignedTransfer,
  signTransfer,
  TransferSource,
} from './load-transfers.js';
import { remote } from './rpc.js';

/** What {@link runLoad} takes. */
export interface LoadPlan {
  readonly tps: number;
  readonly durationS: number;
  readonly senders: number;
  readonly funder: Signer;
  /** Progress lines (stderr in the CLI). */
  readonly progress: (line: string) => void;
  /** Time allowed after the last submission for the last blocks to be decided (default 20 s). */
  readonly drainMs?: number;
}

/** What a run measured. */
export interface LoadResult {
  target_tps: number;
  duration_s: number;
  senders: number;
  submitted: number;
  rejected: number;
  final: number;
  achieved_tps: number;
  p50_final_ms: number;
  p99_final_ms: number;
  /** Time from the first to the last finalization seen (0 with fewer than two blocks of them). */
  final_span_ms: number;
  /** Rejections by `module/code`. */
  rejections: Record<string, number>;
}

/** Time allowed after the last submission for the last blocks to be decided. */
const DRAIN_MS = 20_000;

/** Fund every sender with enough for its share of the run, and wait until that is executed. */
async function fund(client: TandemClient, ctx: string, p: LoadPlan, senders: Signer[]): Promise<void> {
  const from = addressFromPublicKey(p.funder.publicKey);
  const start = (await remote(() => client.getAccount(from))).nonce;
  const each = (BigInt(Math.ceil((p.tps * p.durationS) / senders.length)) + 10n) * (LOAD_FEE + 1n);
  await Promise.all(
    senders.map((s, i) => {
      const to = addressFromPublicKey(s.publicKey);
      const tx = signTransfer(p.funder, from, ctx, start + BigInt(i), to, each);
      return remote(() => client.submitTx(tx, { wait: 'execution', timeoutMs: 60_000 }));
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Submit-to-final bookkeeping of one run: submissions, decided blocks, refusals. */
class Tally {
  readonly pending = new Map<string, number>();
  readonly latencies: number[] = [];
  readonly rejections: Record<string, number> = {};
  submitted = 0;
  firstFinal = 0;
  lastFinal = 0;

  submit(key: string): void {
    this.pending.set(key, performance.now());
    this.submitted++;
  }

  refuse(key: string, e: unknown): void {
    this.pending.delete(key);
    const w = e instanceof ClientError && e.remote ? e.remote : e instanceof TandemError ? e : undefined;
    const name = w ? `${w.module}/${w.code}` : 'unknown';
    this.rejections[name] = (this.rejections[name] ?? 0) + 1;
  }

  decided(txHashes: readonly Uint8Array[]): void {
    const now = performance.now();
    for (const h of txHashes) {
      const key = toHex(h);
      const t = this.pending.get(key);
      if (t === undefined) continue;
      this.pending.delete(key);
      this.latencies.push(now - t);
      if (this.firstFinal === 0) this.firstFinal = now;
      this.lastFinal = now;
    }
  }

  refused(): number {
    return Object.values(this.rejections).reduce((a, b) => a + b, 0);
  }
}

/** How often due transfers are sent, and the most sent in one request (the API's default `max_batch`). */
const TICK_MS = 10;
const BATCH_MAX = 50;

/** Send one batch of signed transfers; each outcome is tallied on its own. */
async function sendBatch(client: TandemClient, batch: SignedTransfer[], tally: Tally) {
  try {
    const results = await client.submitTxs(batch.map((b) => b.tx));
    results.forEach((r, i) => {
      if (!r.ok) tally.refuse(batch[i]!.key, r.error);
    });
  } catch (e) {
    for (const b of batch) tally.refuse(b.key, e);
  }
}

/**
 * Submit `total` transfers from `source` at the plan's rate: every tick, what is due goes out as
 * JSON-RPC batches (one HTTP request per {@link BATCH_MAX} transfers), so the per-request cost on
 * both sides is shared; each transfer's latency still starts at its own send.
 */
async function submitAll(client: TandemClient, p: LoadPlan, source: TransferSource, tally: Tally) {
  const total = Math.round(p.tps * p.durationS);
  const inflight = new Set<Promise<void>>();
  const t0 = performance.now();
  p.progress(`submitting ${total} transfers at ${p.tps}/s…`);
  let i = 0;
  while (i < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * p.tps) / 1000) + 1);
    while (i < due) {
      const batch: SignedTransfer[] = [];
      for (; i < due && batch.length < BATCH_MAX; i++) {
        const t = source.next();
        tally.submit(t.key);
        batch.push(t);
      }
      const sent = sendBatch(client, batch, tally);
      inflight.add(sent);
      void sent.finally(() => inflight.delete(sent));
    }
    if (i < total) await sleep(TICK_MS);
  }
  await Promise.all(inflight);
}

/** Run the plan against a node (see the module header). */
export async function runLoad(client: TandemClient, p: LoadPlan): Promise<LoadResult> {
  const ctx = (await remote(() => client.status())).chain_context;
  const senders = Array.from({ length: p.senders }, () => Ed25519Signer.generate());
  p.progress(`funding ${senders.length} sender accounts…`);
  await fund(client, ctx, p, senders);
  const total = Math.round(p.tps * p.durationS);
  const source = new TransferSource(senders, ctx, addressFromPublicKey(p.funder.publicKey), total);
  p.progress(`signing ${Math.min(total, PRESIGN_MAX)} of ${total} transfers ahead…`);
  source.presign();
  const tally = new Tally();
  const sub = await remote(() => client.subscribe('blocks', (b) => tally.decided(b.tx_hashes)));
  const t0 = performance.now();
  const ticker = setInterval(() => {
    const t = Math.round((performance.now() - t0) / 1000);
    p.progress(
      `+${t} s: ${tally.submitted} submitted, ${tally.latencies.length} final, ${tally.pending.size} pending`,
    );
  }, 1000);
  try {
    await submitAll(client, p, source, tally);
    const sentAt = performance.now();
    while (tally.pending.size > 0 && performance.now() - sentAt < (p.drainMs ?? DRAIN_MS)) await sleep(50);
  } finally {
    clearInterval(ticker);
    await sub.unsubscribe().catch(() => {});
  }
  return summarize(p, senders.length, tally, t0);
}

function summarize(p: LoadPlan, senders: number, tally: Tally, t0: number): LoadResult {
  const rejected = tally.refused();
  if (rejected === tally.submitted) {
    throw new CliError(
      CliError.FAILED,
      `the node refused every transfer: ${JSON.stringify(tally.rejections)}`,
    );
  }
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const span = (tally.lastFinal > 0 ? tally.lastFinal : performance.now()) - t0;
  return {
    target_tps: p.tps,
    duration_s: p.durationS,
    senders,
    submitted: tally.submitted,
    rejected,
    final: sorted.length,
    achieved_tps: Math.round((sorted.length * 10_000) / span) / 10,
    p50_final_ms: Math.round(percentile(sorted, 0.5)),
    p99_final_ms: Math.round(percentile(sorted, 0.99)),
    final_span_ms: Math.round(tally.lastFinal - tally.firstFinal),
    rejections: tally.rejections,
  };
}
