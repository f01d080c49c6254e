/**
 * The node's own figures on `/metrics`: gauges sampled when scraped (heights, round, mempool, UED
 * lag, peers, halt and sync flags) and what is observed as blocks commit (the decision latency
 * histogram and the committed transaction count), plus prom-client's process metrics.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';

/** Where the sampled gauges read their values. */
export interface NodeGaugeSources {
  height(): bigint;
  round(): number;
  mempoolTxs(): number;
  mempoolBytes(): number;
  uedHeight(): bigint;
  peers(): number;
  halted(): boolean;
  syncing(): boolean;
}

/** Seconds buckets of the decision latency (loopback blocks take tens of ms to seconds). */
const LATENCY_BUCKETS = [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30];

function sampled(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

/** Registers the node's metrics in `registry`; call {@link onCommit} for each committed block. */
export class NodeMetrics {
  private readonly latency: Histogram;
  private readonly txs: Counter;
  private last: number | undefined;

  constructor(registry: Registry, s: NodeGaugeSources) {
    collectDefaultMetrics({ register: registry });
    sampled(registry, 'tandem_height', 'last committed height', () => Number(s.height()));
    sampled(registry, 'tandem_round', 'consensus round of the height in progress', s.round);
    sampled(registry, 'tandem_mempool_txs', 'transactions in the mempool', s.mempoolTxs);
    sampled(registry, 'tandem_mempool_bytes', 'bytes of transactions in the mempool', s.mempoolBytes);
    sampled(registry, 'tandem_ued_height', 'last height the UED executed', () => Number(s.uedHeight()));
    sampled(registry, 'tandem_ued_lag', 'committed height minus UED height', () =>
      Number(s.height() - s.uedHeight()),
    );
    sampled(registry, 'tandem_peers', 'connected p2p peers', s.peers);
    sampled(registry, 'tandem_halted', '1 when the node halted on a UED divergence (APE-18)', () =>
      s.halted() ? 1 : 0,
    );
    sampled(registry, 'tandem_syncing', '1 while the node catches up by block sync', () =>
      s.syncing() ? 1 : 0,
    );
    this.latency = new Histogram({
      name: 'tandem_decision_latency_seconds',
      help: 'time from the previous decision to this one, as seen by this node',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.txs = new Counter({
      name: 'tandem_committed_txs_total',
      help: 'transactions in committed blocks',
      registers: [registry],
    });
  }

  /** A block committed at wall time `nowMs` with `txs` transactions. */
  onCommit(txs: number, nowMs: number): void {
    if (this.last !== undefined) this.latency.observe((nowMs - this.last) / 1000);
    this.last = nowMs;
    this.txs.inc(txs);
  }
}
