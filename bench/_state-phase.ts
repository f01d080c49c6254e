// One domain's measured phases of one block in `npm run bench -- state`, the same whichever thread
// runs them: the executor (with the collections the node makes after a block), the settling
// collections, the raw verification of the same signatures and its collection, and an empty
// collection for reference. bench/state.ts says what each is charged to.
import { BlockCollector, collectYoung } from '../src/common/index.js';
import { type ExecuteResult, executeUed, executeVed } from '../src/consensus/index.js';
import { CompactTree } from '../src/mkvs/index.js';
import { type BenchBlock, rawVerify } from './_state-blocks.js';
import type { BenchState } from './_state-setup.js';

/** Wall ns and process CPU µs of each phase of one block. */
export interface PhaseFigures {
  /** The executor, with the node's collection after the block. */
  readonly xNs: bigint;
  readonly xCpu: number;
  /** Two settling collections (promoting what outlived the block). */
  readonly sNs: bigint;
  readonly sCpu: number;
  /** Raw verification of the block's signatures. */
  readonly vNs: bigint;
  readonly vCpu: number;
  /** The collection after the raw verification. */
  readonly cNs: bigint;
  readonly cCpu: number;
  /** An empty collection right after. */
  readonly eNs: bigint;
  readonly eCpu: number;
  /** Entries of the block's write log on the compact store (0 otherwise). */
  readonly logEntries: number;
}

/** Run `f`; its wall time in ns and the process CPU time (every thread) in µs. */
async function timed(f: () => unknown): Promise<[bigint, number]> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await f();
  const t1 = process.hrtime.bigint();
  const c = process.cpuUsage(c0);
  return [t1 - t0, c.user + c.system];
}

function checkOk(r: ExecuteResult, domain: string, txs: number): void {
  if (r.receipts.length !== txs || r.receipts.some((x) => x.receipt.status !== 0))
    throw new Error(`bench: a ${domain} transfer was skipped or failed`);
}

/** Runs one domain's blocks in order, block `h` at time T0 + 400 ms × h. */
export class DomainPhases {
  private readonly collector = new BlockCollector();

  constructor(
    private readonly s: BenchState,
    private readonly d: 'ued' | 'ved',
    private readonly blocks: readonly BenchBlock[],
  ) {}

  /** Execute block `h` (1-based) and measure its phases. */
  async block(h: number): Promise<PhaseFigures> {
    const { s, d } = this;
    const dom = s[d];
    const b = this.blocks[h - 1]!;
    const [xNs, xCpu] = await timed(() => this.execute(h, b));
    // The UED worker collects after posting the block's outcome, once the frame that held the
    // result has returned (ued-worker-main.ts); so does this, `execute` having returned. (The worker
    // also waits for the block's state-log record to be durable first; here the write may still be
    // in flight, which leaves ~7 kB surviving the collection instead of ~6.)
    let [yNs, yCpu] = [0n, 0];
    if (d === 'ued') [yNs, yCpu] = await timed(() => this.collector.afterBlock(b.txs.length));
    // Counted without unpacking the log, whose garbage the next collection would charge the executor.
    const logEntries = dom.tree instanceof CompactTree ? dom.tree.writeLogLength : 0;
    // What outlived the block is promoted by the next collections, which in the node fall in the
    // next block's execution: two collections here, charged to the executor (less two empty
    // collections' cost, in bench/state.ts), so the raw phase's own collection finds only its own
    // garbage (the first collection after a promotion is also slower: scripts/empty-minor-gc.js,
    // docs/performance.md "Branch gcfixed").
    const [sNs, sCpu] = await timed(() => {
      collectYoung();
      collectYoung();
    });
    const [vNs, vCpu] = await timed(() => rawVerify(s, b));
    const [cNs, cCpu] = await timed(() => collectYoung());
    const [eNs, eCpu] = await timed(() => collectYoung());
    return { xNs: xNs + yNs, xCpu: xCpu + yCpu, sNs, sCpu, vNs, vCpu, cNs, cCpu, eNs, eCpu, logEntries };
  }

  /** In a frame of its own, so nothing of the block is left on the caller's stack. */
  private async execute(h: number, b: BenchBlock): Promise<void> {
    const { s, d } = this;
    const dom = s[d];
    const time = s.timeMs + 400n * BigInt(h - 1);
    const r = await (d === 'ued' ? executeUed : executeVed)({
      params: s.params,
      vedSet: s.vedSet,
      services: s.services,
      tree: dom.tree,
      block: {
        height: BigInt(h),
        timeMs: time + 400n,
        parentTimeMs: time,
        parentHash: dom.parentHash,
        txs: b.txs,
      },
    });
    // As the node: the VED's collection follows its execution (the result is kept until the
    // block commits); the UED worker's follows the posting of the block's outcome (above).
    if (d === 'ved') this.collector.afterBlock(b.txs.length);
    checkOk(r, d.toUpperCase(), b.txs.length);
    dom.parentHash = r.domainHash;
  }
}
