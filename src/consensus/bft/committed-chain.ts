/**
 * The driver's committed side: the consensus state after the last committed height, how it is
 * recovered at start-up (blocks stored but not yet applied are applied again), and what happens
 * to a decided block: stored with its commit, executed, and the next state persisted before the
 * write-ahead log restarts. The mempool's update (its re-check of what remains, which may wait on
 * state reads) is started but not awaited: the next height may begin meanwhile, and only this
 * validator's next proposal waits for it ({@link CommittedChain.mempoolSettled}).
 */
import { decodeWith, EMPTY_HASH, type Logger } from '../../common/index.js';
import type { ParentInfo } from './block-check.js';
import type { ChainContexts } from './chain-contexts.js';
import type { DriverOptions } from './driver-options.js';
import { BftError } from './errors.js';
import { type Block, blockCodec, type Commit, commitCodec } from './messages.js';
import { saveRecord } from './privval.js';
import { type ConsensusState, decodeState, encodeState } from './records.js';
import { blockHash } from './signing.js';
import { ValidatorSet } from './validator-set.js';

/** The consensus state after the last committed height, and how a decided block becomes committed. */
export class CommittedChain {
  /** Consensus state after the last committed height (set by {@link recover}). */
  state!: ConsensusState;
  /** The mempool's update after the last applied block. */
  private updating: Promise<void> = Promise.resolve();

  constructor(
    private readonly o: DriverOptions,
    private readonly ctx: ChainContexts,
    private readonly log: Logger,
  ) {}

  /** Load the state (or start from genesis) and apply what the block store holds beyond it. */
  async recover(): Promise<void> {
    const raw = this.o.state.load();
    this.state = raw ? decodeState(raw) : this.genesis();
    const h = this.state.height;
    if (h > 0n) {
      const c = await this.o.blocks.commit(h);
      if (!c) throw new BftError(BftError.BLOCK_SYNC, `block store lacks the commit of height ${h}`);
      this.state.lastCommit = decodeWith(commitCodec, c);
    }
    await this.handshake();
  }

  /** What the next block must agree with. */
  parent(): ParentInfo {
    const c = this.state;
    return { height: c.height, time: c.time, lastBlockHash: c.lastBlockHash, lastSet: c.lastSet };
  }

  /** Store, execute and persist a decided block; the WAL restarts with the next height. */
  async apply(block: Block, commit: Commit, set: ValidatorSet): Promise<void> {
    const h = block.header.height;
    if (this.o.blocks.height() < h) {
      await this.o.blocks.save(h, this.ctx.blockBytes(block), this.ctx.commitBytes(commit));
    }
    const res = await this.o.app.finalizeBlock(block);
    const pending = res.validatorUpdates ?? this.state.pending;
    const boundary = h % this.o.epochLength === 0n && pending !== null;
    this.state = {
      height: h,
      time: block.header.time,
      lastBlockHash: blockHash(block),
      lastCommit: commit,
      next: boundary ? set.next().withUpdates(pending!) : set.next(),
      pending: boundary ? null : pending,
      lastSet: set,
    };
    // Off the event loop (pushed messages and admissions go on meanwhile); the driver's inputs
    // wait, since the next height starts only after this apply.
    await saveRecord(this.o.state, encodeState(this.state));
    await this.o.app.commit(h);
    this.o.wal.checkpoint();
    const m = this.o.mempool;
    if (m) {
      this.updating = m.update(block.txs).catch((e: unknown) => {
        this.log.warn({ reason: (e as Error).message }, 'mempool update failed');
      });
    }
    this.log.info({ height: String(h), txs: block.txs.length }, 'committed block');
  }

  /** Settles once the mempool has caught up with the last applied block (a proposal reaps after it). */
  mempoolSettled(): Promise<void> {
    return this.updating;
  }

  private genesis(): ConsensusState {
    return {
      height: 0n,
      time: this.o.genesis.time,
      lastBlockHash: EMPTY_HASH,
      lastCommit: null,
      next: new ValidatorSet(this.o.genesis.validators),
      pending: null,
      lastSet: null,
    };
  }

  /** Blocks stored but not yet in the consensus state or the application are applied again. */
  private async handshake(): Promise<void> {
    for (let h = this.state.height + 1n; h <= this.o.blocks.height(); h++) {
      const block = decodeWith(blockCodec, (await this.o.blocks.block(h))!);
      const commit = decodeWith(commitCodec, (await this.o.blocks.commit(h))!);
      await this.apply(block, commit, this.state.next);
    }
    const appHeight = this.o.app.committedHeight();
    for (let h = appHeight + 1n; h <= this.state.height; h++) {
      await this.o.app.finalizeBlock(decodeWith(blockCodec, (await this.o.blocks.block(h))!));
      await this.o.app.commit(h);
    }
  }
}
