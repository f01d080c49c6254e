/**
 * A real {@link ChainApp} with a memory block store and the API backend over it, driven block by
 * block without the BFT engine: each height's block is stored with a commit whose precommits
 * carry the UED reports the test chooses (right or wrong hashes), so execution status, reports
 * and halts can be exercised exactly.
 */
import { encodeWith } from '../../src/common/index.js';
import {
  type Block,
  blockCodec,
  blockHash,
  commitCodec,
  MemoryBlockStore,
  VoteType,
} from '../../src/consensus/bft/index.js';
import { ChainApp, type ExecutedEvent, encodeUedReport } from '../../src/domains/index.js';
import { type ChainFeeds, createAdmission, createChainFeeds } from '../../src/node/index.js';
import { testGenesis, validatorKeys } from './chain-app.js';

/** Which validators report at a height, and whether their hash is right. */
export type Reporters = { index: number; wrong?: boolean }[];

/** The harness. */
export interface BackendChain {
  readonly app: ChainApp;
  readonly blocks: MemoryBlockStore;
  readonly feeds: ChainFeeds;
  readonly admission: ReturnType<typeof createAdmission>;
  /** UED executions held back (when `holdUed` is set) until {@link BackendChain.releaseUed}. */
  holdUed: boolean;
  releaseUed(): void;
  /** Decide and commit the next height with `txs`; then feed it with the given reporters. */
  step(txs: Uint8Array[], reporters?: Reporters): Promise<Block>;
  errors: unknown[];
}

/** A 4-validator chain with its backend (default threshold: the source's 5%). */
export async function backendChain(opts: { defaultMinStake?: bigint } = {}): Promise<BackendChain> {
  const genesis = testGenesis(4);
  const held: ExecutedEvent[] = [];
  let feeds: ChainFeeds | undefined;
  const h: Partial<BackendChain> & { errors: unknown[] } = { holdUed: false, errors: [] };
  const app = await ChainApp.create({
    genesis,
    onExecuted: (e) => (e.domain === 'ued' && h.holdUed ? held.push(e) : feeds!.onExecuted(e)),
  });
  const blocks = new MemoryBlockStore();
  const admission = createAdmission(app, genesis.params.max_tx_bytes);
  feeds = await createChainFeeds(
    {
      chainId: genesis.chain_id,
      genesis,
      app,
      blocks,
      submit: (tx) => admission.submit(tx),
      peers: () => 3,
      syncing: () => false,
      ...(opts.defaultMinStake !== undefined ? { defaultMinStake: opts.defaultMinStake } : {}),
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
      last_commit: null,
    };
    await app.finalizeBlock(block);
    await app.commit(height);
    const bh = blockHash(block);
    parent = bh;
    const ued = app.ued.latest();
    const votes = reporters.map((r) => ({
      body: {
        type: VoteType.Precommit,
        height,
        round: 0,
        block_hash: bh,
        validator: r.index,
        extension: encodeUedReport({
          height: ued.height,
          hash: r.wrong ? new Uint8Array(32).fill(7) : ued.hash,
        }),
      },
      signature: new Uint8Array(64),
    }));
    const commit = { height, round: 0, block_hash: bh, votes };
    await blocks.save(height, encodeWith(blockCodec, block), encodeWith(commitCodec, commit));
    await admission.mempool.update(txs);
    await feeds!.onCommitted(height);
    return block;
  };
  return Object.assign(h, {
    app,
    blocks,
    feeds,
    admission,
    step,
    releaseUed() {
      h.holdUed = false;
      for (const e of held.splice(0)) feeds!.onExecuted(e);
    },
  }) as BackendChain;
}
