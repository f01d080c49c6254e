/**
 * A real {@link ChainApp} with a memory block store and the API backend over it, driven block by
 * block without the BFT engine. The app records UED reports from each block's LastCommit, as in
 * a node: the block of height h carries the commit of h − 1, whose precommits hold the reports
 * the test chooses for that step (right or wrong hashes of the latest UED height), so execution
 * status, reports and halts can be exercised exactly. A harness liberty: a real precommit of
 * h − 1 can only report UED heights below h − 1; here it reports the UED of h − 1 itself, so a
 * report lands one block after the height it is about.
 */
import { encodeWith } from '../../src/common/index.js';
import {
  type Block,
  blockCodec,
  blockHash,
  type Commit,
  commitCodec,
  MemoryBlockStore,
  VoteType,
} from '../../src/consensus/bft/index.js';
import type { GenesisDocument } from '../../src/consensus/index.js';
import { ChainApp, encodeUedReport, type UedRunner } from '../../src/domains/index.js';
import { type ChainFeeds, createAdmission, createChainFeeds, type TxArchive } from '../../src/node/index.js';
import { testGenesis, validatorKeys } from './chain-app.js';

/**
 * The validators (by index into the set) whose precommits of the previous height, carried in the
 * next block's LastCommit, report the latest UED height, and whether their hash is wrong.
 */
export type Reporters = { index: number; wrong?: boolean }[];

/** The harness. */
export interface BackendChain {
  readonly genesis: GenesisDocument;
  readonly app: ChainApp;
  readonly blocks: MemoryBlockStore;
  readonly feeds: ChainFeeds;
  readonly admission: ReturnType<typeof createAdmission>;
  /** While set, each UED outcome is held back (not known to the app) until {@link releaseUed}. */
  holdUed: boolean;
  /** Deliver the held UED outcomes and finish their commits. */
  releaseUed(): Promise<void>;
  /**
   * Decide and commit the next height with `txs`, its LastCommit (the previous height's
   * precommits) carrying the reports of `reporters` (default: validator 0; none at height 1).
   */
  step(txs: Uint8Array[], reporters?: Reporters): Promise<Block>;
  errors: unknown[];
}

/** Hold the app's UED outcomes while `held()` (its runner is inline: the commit waits too). */
function holdOutcomes(app: ChainApp, held: () => boolean) {
  const runner = app.ued as { run: UedRunner['run'] };
  const run = runner.run.bind(app.ued);
  const releases: (() => void)[] = [];
  let entered: (() => void) | undefined;
  runner.run = async (job) => {
    const o = await run(job);
    if (held()) {
      await new Promise<void>((r) => {
        releases.push(r);
        entered?.();
      });
    }
    return o;
  };
  return {
    /** Resolves once the commit is done, or once its UED outcome is being held. */
    commit(height: bigint): { done: Promise<void>; reached: Promise<void> } {
      const reached = new Promise<void>((r) => {
        entered = r;
      });
      const done = app.commit(height);
      return { done, reached: Promise.race([done, reached]) };
    },
    release: () => {
      for (const r of releases.splice(0)) r();
    },
  };
}

/** The precommits of `height` (block `hash`) by `reporters`, with their reports unless `silent`. */
function precommits(
  app: ChainApp,
  height: bigint,
  hash: Uint8Array,
  reporters: Reporters,
  silent = false,
): Commit {
  const ued = app.ued.latest();
  const votes = reporters.map((r) => ({
    body: {
      type: VoteType.Precommit,
      height,
      round: 0,
      block_hash: hash,
      validator: r.index,
      extension: silent
        ? new Uint8Array(0)
        : encodeUedReport({ height: ued.height, hash: r.wrong ? new Uint8Array(32).fill(7) : ued.hash }),
    },
    signature: new Uint8Array(64),
  }));
  return { height, round: 0, block_hash: hash, votes };
}

/** A 4-validator chain with its backend (default threshold: the app's 5%). */
export async function backendChain(
  opts: { defaultMinStake?: bigint; archive?: TxArchive } = {},
): Promise<BackendChain> {
  const genesis = testGenesis(4);
  let feeds: ChainFeeds | undefined;
  const h: Partial<BackendChain> & { errors: unknown[] } = { holdUed: false, errors: [] };
  const app = await ChainApp.create({
    genesis,
    onExecuted: (e) => feeds!.onExecuted(e),
    onReport: (r) => feeds!.onReport(r),
    onAlert: (a) => feeds!.onAlert(a),
  });
  const hold = holdOutcomes(app, () => h.holdUed === true);
  const committing: Promise<void>[] = [];
  const blocks = new MemoryBlockStore();
  const admission = createAdmission(app, genesis.params.max_tx_bytes);
  feeds = createChainFeeds(
    {
      chainId: genesis.chain_id,
      genesis,
      app,
      blocks,
      submit: (tx) => admission.submit(tx),
      peers: () => 3,
      syncing: () => false,
      ...(opts.defaultMinStake !== undefined ? { defaultMinStake: opts.defaultMinStake } : {}),
      ...(opts.archive ? { archive: opts.archive } : {}),
    },
    (e) => h.errors.push(e),
  );
  let parent: Uint8Array = new Uint8Array(32);
  const step = async (txs: Uint8Array[], reporters: Reporters = [{ index: 0 }]) => {
    const height = app.committed.height + 1n;
    const time = app.committed.timeMs + 400n;
    const { vedHash } = await app.prepareProposal({ height, time, candidates: txs, evidence: [] });
    const z = new Uint8Array(32);
    const block: Block = {
      header: {
        chain_id: genesis.chain_id,
        height,
        time,
        last_block_hash: parent,
        last_commit_hash: z,
        txs_hash: z,
        evidence_hash: z,
        ved_hash: vedHash,
        validators_hash: z,
        proposer: validatorKeys(0).node.publicKey,
      },
      txs,
      evidence: [],
      last_commit: height === 1n ? null : precommits(app, height - 1n, parent, reporters),
    };
    await app.finalizeBlock(block);
    const c = hold.commit(height);
    committing.push(c.done);
    await c.reached;
    const bh = blockHash(block);
    parent = bh;
    // The commit this node stores: every validator's precommit, reporting nothing.
    const all = [0, 1, 2, 3].map((index) => ({ index }));
    const stored = precommits(app, height, bh, all, true);
    await blocks.save(height, encodeWith(blockCodec, block), encodeWith(commitCodec, stored));
    await admission.mempool.update(txs);
    await feeds!.onCommitted(height);
    return block;
  };
  return Object.assign(h, {
    genesis,
    app,
    blocks,
    feeds,
    admission,
    step,
    async releaseUed() {
      h.holdUed = false;
      hold.release();
      await Promise.all(committing.splice(0));
    },
  }) as BackendChain;
}
