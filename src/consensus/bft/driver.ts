/**
 * The driver connects the pure engine to the world: it logs every input to the WAL before the
 * engine sees it, signs through the last-signed record, asks the application to build and check
 * blocks, stores decided blocks, moves to the next height, gossips its own messages again until
 * the height ends, and catches up by block sync when peers are ahead. All inputs go through one
 * serial queue so the engine sees them one at a time, in a reproducible order.
 */
import { decodeWith, EMPTY_HASH, type Logger, nullLogger, toHex } from '../../common/index.js';
import type { BftApplication, BlockStorePort, MempoolPort, Timers, Transport, WalPort } from './app.js';
import { assembleBlock, checkBlock, type ParentInfo } from './block-check.js';
import { Engine } from './engine.js';
import { DEFAULT_TIMEOUTS, type EngineInput, type EngineOutput, type TimeoutConfig } from './engine-types.js';
import { BftError } from './errors.js';
import { ownMessages, polVotes, readDecided } from './gossip.js';
import {
  type Block,
  blockCodec,
  type Commit,
  commitCodec,
  type Decided,
  type Evidence,
  type Message,
  type Vote,
  type VoteBody,
  VoteType,
} from './messages.js';
import type { PrivValidator, RecordStore } from './privval.js';
import { type ConsensusState, decodeInput, decodeState, encodeInput, encodeState } from './records.js';
import { ChainContexts } from './chain-contexts.js';
import { blockHash, verifyCommit } from './signing.js';
import { SyncPolicy } from './sync-policy.js';
import { type Validator, ValidatorSet } from './validator-set.js';

/** Everything a driver needs. */
export interface DriverOptions {
  chainId: string;
  genesis: { validators: Validator[]; time: bigint };
  /** Validator updates apply after heights that are multiples of this. */
  epochLength: bigint;
  priv: PrivValidator;
  app: BftApplication;
  wal: WalPort;
  blocks: BlockStorePort;
  state: RecordStore;
  transport: Transport<Message>;
  timers: Timers;
  mempool?: MempoolPort;
  timeouts?: TimeoutConfig;
  /** Own messages of the current height are sent again this often (lossy networks). */
  gossipMs?: number;
  maxFutureMs?: bigint;
  maxBlockTxs?: number;
  log?: Logger;
}

export class BftDriver {
  engine!: Engine;
  readonly ctx: ChainContexts;
  /** Reasons of dropped inputs, counted (tests and metrics). */
  readonly drops = new Map<string, number>();
  readonly evidence = new Map<string, Evidence>();
  private cs!: ConsensusState;
  private queue: Promise<void> = Promise.resolve();
  private replaying = false;
  private future: { from: string; m: Message }[] = [];
  private stopped = false;
  private readonly sync: SyncPolicy;
  private readonly log: Logger;
  private readonly t: TimeoutConfig;

  constructor(readonly o: DriverOptions) {
    this.ctx = new ChainContexts(o.chainId);
    this.log = (o.log ?? nullLogger).child({ module: 'bft' });
    this.t = o.timeouts ?? DEFAULT_TIMEOUTS;
    this.sync = new SyncPolicy();
  }

  /** Consensus state after the last committed height. */
  get state(): ConsensusState {
    return this.cs;
  }

  /**
   * Recover from disk (state, blocks the app lacks, WAL) and start the current height. Recovery
   * runs on the input queue, so a message received meanwhile waits for it.
   */
  start(): Promise<void> {
    return this.enqueue(() => this.recover());
  }

  private async recover(): Promise<void> {
    const raw = this.o.state.load();
    this.cs = raw ? decodeState(raw) : this.genesisState();
    if (this.cs.height > 0n) {
      const c = await this.o.blocks.commit(this.cs.height);
      if (!c)
        throw new BftError(BftError.BLOCK_SYNC, `block store lacks the commit of height ${this.cs.height}`);
      this.cs.lastCommit = decodeWith(commitCodec, c);
    }
    await this.handshake();
    this.engine = this.newEngine();
    this.replaying = true;
    await this.act(this.engine.start());
    for (const rec of this.o.wal.replay()) {
      const i = decodeInput(rec);
      if (this.engine.decided) break;
      await this.act(this.engine.handle(i));
    }
    this.replaying = false;
    await this.resumeAsks();
    this.gossipLoop();
  }

  /** Stop timers from acting (the simulator's crash, or shutdown). */
  stop(): void {
    this.stopped = true;
  }

  /** Stop, then wait for the input being handled to finish (before the stores are closed). */
  async close(): Promise<void> {
    this.stopped = true;
    await this.queue.catch(() => {});
  }

  /** A message from a peer. */
  receive(from: string, m: Message): Promise<void> {
    return this.enqueue(() => this.onMessage(from, m));
  }

  private enqueue(f: () => Promise<void>): Promise<void> {
    const run = async () => {
      if (!this.stopped) await f();
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  private count(reason: string): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
    this.log.debug({ reason }, 'dropped input');
  }

  private genesisState(): ConsensusState {
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

  private newEngine(): Engine {
    const cfg = { chain: this.ctx, selfKey: this.o.priv.publicKey, timeouts: this.t };
    return new Engine(cfg, this.cs.height + 1n, this.cs.next);
  }

  private parent(): ParentInfo {
    const c = this.cs;
    return { height: c.height, time: c.time, lastBlockHash: c.lastBlockHash, lastSet: c.lastSet };
  }

  /** Blocks stored but not yet in the consensus state or the application are applied again. */
  private async handshake(): Promise<void> {
    for (let h = this.cs.height + 1n; h <= this.o.blocks.height(); h++) {
      const block = decodeWith(blockCodec, (await this.o.blocks.block(h))!);
      const commit = decodeWith(commitCodec, (await this.o.blocks.commit(h))!);
      await this.applyDecided(block, commit, this.cs.next);
    }
    const appHeight = this.o.app.committedHeight();
    for (let h = appHeight + 1n; h <= this.cs.height; h++) {
      await this.o.app.finalizeBlock(decodeWith(blockCodec, (await this.o.blocks.block(h))!));
      await this.o.app.commit(h);
    }
  }

  private async onMessage(from: string, m: Message): Promise<void> {
    if ('sync_request' in m) return this.serveSync(from, m.sync_request.from, m.sync_request.to);
    if ('sync_response' in m) return this.applySync(m.sync_response);
    const h = 'proposal' in m ? m.proposal.body.height : m.vote.body.height;
    const cur = this.engine.height;
    if (h < cur) return this.count('message for an old height');
    if (h > cur) {
      if (h === cur + 1n && this.future.length < 4096) this.future.push({ from, m });
      if (this.sync.shouldRequest(from, cur, this.o.timers.now())) {
        this.o.transport.send(from, { sync_request: { from: cur, to: h - 1n } });
      }
      return;
    }
    // A decided height needs nothing more; its late votes would only cost verification and log space.
    if (this.engine.decided) return this.count('height already decided');
    if ('vote' in m && !this.extensionOk(m.vote.body)) return this.count('invalid vote extension');
    await this.input(
      'proposal' in m ? { kind: 'proposal', proposal: m.proposal } : { kind: 'vote', vote: m.vote },
    );
  }

  private extensionOk(b: VoteBody): boolean {
    if (b.type !== VoteType.Precommit || b.block_hash === null) return b.extension.length === 0;
    const v = this.engine.set.validators[b.validator];
    return v !== undefined && this.o.app.verifyVoteExtension(v.pubKey, b.height, b.extension);
  }

  /** Log, then hand to the engine, then act on what it says. */
  private async input(i: EngineInput): Promise<void> {
    if (!this.replaying) this.o.wal.append(encodeInput(i, this.ctx));
    const outs = this.engine.handle(i);
    if (outs.length > 0) await this.act(outs);
  }

  private async act(outs: EngineOutput[]): Promise<void> {
    for (const o of outs) {
      switch (o.kind) {
        case 'sign-proposal':
          await this.signAndSend(() => {
            const signature = this.o.priv.signProposal(o.body);
            return { proposal: { body: o.body, signature, block: o.block } };
          });
          break;
        case 'sign-vote':
          await this.signAndSend(() => {
            const body = { ...o.body };
            if (body.type === VoteType.Precommit && body.block_hash !== null) {
              body.extension = this.o.app.extendVote(body.height);
            }
            return { vote: { body, signature: this.o.priv.signVote(body) } };
          });
          break;
        case 'schedule': {
          const { height, round, step } = o;
          this.o.timers.after(o.ms, () =>
            this.enqueue(() => this.input({ kind: 'timeout', height, round, step })),
          );
          break;
        }
        case 'build-block':
          if (!this.replaying) await this.buildBlock(o.height, o.round);
          break;
        case 'validate':
          if (!this.replaying) await this.validate(o.hash, o.block);
          break;
        case 'decide':
          await this.decide(o.block, o.commit);
          break;
        case 'evidence':
          this.evidence.set(
            toHex(o.evidence.pub_key) + o.evidence.a.body.round + o.evidence.a.body.type,
            o.evidence,
          );
          this.log.warn({ validator: toHex(o.evidence.pub_key) }, 'equivocation evidence');
          break;
        case 'drop':
          this.count(o.reason);
          break;
      }
    }
  }

  private async signAndSend(make: () => Message): Promise<void> {
    let m: Message;
    try {
      m = make();
    } catch (e) {
      if (e instanceof BftError && e.code === BftError.DOUBLE_SIGN_REFUSED) {
        // During a WAL replay this is expected: the votes were signed before and are in the log.
        if (this.replaying) return;
        this.log.warn({ reason: e.message }, 'signature refused');
        this.count('signature refused by the last-signed record');
        return;
      }
      throw e;
    }
    this.o.transport.broadcast(m);
    const own: EngineInput =
      'proposal' in m
        ? { kind: 'proposal', proposal: m.proposal }
        : { kind: 'vote', vote: (m as { vote: Vote }).vote };
    // Own signed messages are logged even during a replay: one re-signed there (identical bytes)
    // may be missing from the log if the crash tore its record, and a later restart could not
    // sign it again once the last-signed record has moved past it.
    this.o.wal.append(encodeInput(own, this.ctx));
    await this.act(this.engine.handle(own));
    if ('proposal' in m) for (const v of polVotes(this.engine)) this.o.transport.broadcast({ vote: v });
  }

  private async buildBlock(height: bigint, round: number): Promise<void> {
    const now = this.o.timers.now();
    const time =
      this.o.app.proposalTime?.(this.cs.time, now) ?? (now > this.cs.time ? now : this.cs.time + 1n);
    const evidence = [...this.evidence.values()].filter((e) => e.a.body.height === this.cs.height);
    const candidates = this.o.mempool?.reap(1024 * 1024, this.o.maxBlockTxs ?? 5000) ?? [];
    const { txs, vedHash } = await this.o.app.prepareProposal({ height, time, candidates, evidence });
    const block = assembleBlock({
      chainId: this.o.chainId,
      height,
      time,
      parent: this.parent(),
      lastCommit: this.cs.lastCommit,
      txs,
      evidence,
      vedHash,
      set: this.engine.set,
      proposer: this.o.priv.publicKey,
      memo: this.ctx,
    });
    await this.input({ kind: 'block', height, round, block });
  }

  private async blockOk(block: Block): Promise<boolean> {
    try {
      checkBlock(
        this.ctx,
        block,
        this.parent(),
        this.engine.set,
        this.o.timers.now(),
        this.o.maxFutureMs ?? 5000n,
      );
    } catch (e) {
      this.count((e as Error).message);
      return false;
    }
    return this.o.app.processProposal(block);
  }

  private async validate(hash: string, block: Block): Promise<void> {
    await this.input({ kind: 'validated', hash, valid: await this.blockOk(block) });
  }

  /** After a WAL replay, ask again whatever the log holds no answer for. */
  private async resumeAsks(): Promise<void> {
    const e = this.engine;
    if (e.decided) return;
    for (let r = 0; r <= e.round; r++) {
      const p = e.proposalAt(r);
      if (p && e.validityOf(toHex(p.body.block_hash)) === 'pending')
        await this.validate(toHex(p.body.block_hash), p.block);
    }
    if (
      e.selfIndex >= 0 &&
      e.set.proposerIndex(e.round) === e.selfIndex &&
      e.step === 'propose' &&
      !e.proposalAt(e.round)
    ) {
      if (e.validBlock === null) await this.buildBlock(e.height, e.round);
    }
  }

  private async decide(block: Block, commit: Commit): Promise<void> {
    await this.applyDecided(block, commit, this.engine.set);
    this.o.timers.after(this.t.commitMs, () => this.enqueue(() => this.nextHeight()));
  }

  /** Store, execute and persist a decided block; the WAL restarts with the next height. */
  private async applyDecided(block: Block, commit: Commit, set: ValidatorSet): Promise<void> {
    const h = block.header.height;
    if (this.o.blocks.height() < h) {
      await this.o.blocks.save(h, this.ctx.blockBytes(block), this.ctx.commitBytes(commit));
    }
    const res = await this.o.app.finalizeBlock(block);
    const pending = res.validatorUpdates ?? this.cs.pending;
    const boundary = h % this.o.epochLength === 0n && pending !== null;
    this.cs = {
      height: h,
      time: block.header.time,
      lastBlockHash: blockHash(block),
      lastCommit: commit,
      next: boundary ? set.next().withUpdates(pending!) : set.next(),
      pending: boundary ? null : pending,
      lastSet: set,
    };
    this.o.state.save(encodeState(this.cs));
    await this.o.app.commit(h);
    this.o.wal.checkpoint();
    await this.o.mempool?.update(block.txs);
    for (const [k, e] of this.evidence) if (e.a.body.height < h) this.evidence.delete(k);
    this.log.info({ height: String(h), txs: block.txs.length }, 'committed block');
  }

  private async nextHeight(): Promise<void> {
    if (!this.engine.decided || this.engine.height !== this.cs.height) return;
    this.engine = this.newEngine();
    await this.act(this.engine.start());
    const buffered = this.future;
    this.future = [];
    for (const { from, m } of buffered) await this.onMessage(from, m);
  }

  private gossipLoop(): void {
    const ms = this.o.gossipMs ?? 250;
    this.o.timers.after(ms, () => {
      if (this.stopped) return;
      for (const m of ownMessages(this.engine)) this.o.transport.broadcast(m);
      for (const v of polVotes(this.engine)) this.o.transport.broadcast({ vote: v });
      this.gossipLoop();
    });
  }

  private async serveSync(peer: string, from: bigint, to: bigint): Promise<void> {
    const out = await readDecided(this.o.blocks, from, to);
    if (out.length > 0) this.o.transport.send(peer, { sync_response: out });
  }

  /** Verify and apply decided blocks from a peer, in order, starting at the current height. */
  private async applySync(list: Decided[]): Promise<void> {
    for (const d of list) {
      if (d.block.header.height !== this.engine.height || this.engine.decided) continue;
      const hash = blockHash(d.block);
      try {
        verifyCommit(this.ctx, this.engine.set, this.engine.height, hash, d.commit);
      } catch (e) {
        this.count((e as Error).message);
        return;
      }
      if (!(await this.blockOk(d.block))) return this.count('synced block is invalid');
      this.engine.markDecided();
      await this.applyDecided(d.block, d.commit, this.engine.set);
      await this.nextHeight();
    }
  }
}
