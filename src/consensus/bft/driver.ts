/**
 * The driver connects the pure engine to the world: it logs every input to the WAL before the
 * engine sees it (syncing the log only before an own message is sent), signs through the
 * last-signed record, asks the application to build and check blocks, stores decided blocks,
 * moves to the next height, gossips its own messages again until the height ends, and catches up
 * by block sync when peers are ahead. All inputs go through one serial queue ({@link InputQueue})
 * so the engine sees them one at a time, in a reproducible order. The committed state lives in
 * {@link CommittedChain}, what is done for each engine output in {@link HeightEffects}, and block
 * building and checking in `proposal-block.ts`.
 */
import { type Logger, nullLogger } from '../../common/index.js';
import { ChainContexts } from './chain-contexts.js';
import { CommittedChain } from './committed-chain.js';
import type { DriverOptions } from './driver-options.js';
import { Engine } from './engine.js';
import { DEFAULT_TIMEOUTS, type EngineInput, type TimeoutConfig } from './engine-types.js';
import { ownMessages, polVotes, readDecided } from './gossip.js';
import { HeightEffects } from './height-effects.js';
import { InputQueue } from './input-queue.js';
import {
  type Block,
  type Commit,
  type Decided,
  type Evidence,
  type Message,
  type VoteBody,
  VoteType,
} from './messages.js';
import { type ConsensusState, decodeInput, encodeInput } from './records.js';
import { blockHash, verifyCommit } from './signing.js';
import { SyncPolicy } from './sync-policy.js';
import type { ValidatorSet } from './validator-set.js';

export type { DriverOptions } from './driver-options.js';

/** One node's consensus: the engine of the current height wired to its stores, application and network. */
export class BftDriver {
  engine!: Engine;
  readonly ctx: ChainContexts;
  /** Reasons of dropped inputs, counted (tests and metrics). */
  readonly drops = new Map<string, number>();
  readonly evidence = new Map<string, Evidence>();
  private readonly chain: CommittedChain;
  private readonly effects: HeightEffects;
  private readonly queue = new InputQueue();
  private replaying = false;
  private future: { from: string; m: Message }[] = [];
  private readonly sync = new SyncPolicy();
  private readonly log: Logger;
  private readonly t: TimeoutConfig;

  constructor(readonly o: DriverOptions) {
    this.ctx = new ChainContexts(o.chainId);
    this.log = (o.log ?? nullLogger).child({ module: 'bft' });
    this.t = o.timeouts ?? DEFAULT_TIMEOUTS;
    this.chain = new CommittedChain(o, this.ctx, this.log);
    const d = this;
    this.effects = new HeightEffects(o, this.ctx, this.chain, this.evidence, this.log, {
      get engine() {
        return d.engine;
      },
      get replaying() {
        return d.replaying;
      },
      input: (i) => this.input(i),
      later: (ms, f) => this.o.timers.after(ms, () => this.queue.push(f)),
      count: (reason) => this.count(reason),
      decide: (block, commit) => this.decide(block, commit),
    });
  }

  /** Consensus state after the last committed height. */
  get state(): ConsensusState {
    return this.chain.state;
  }

  /**
   * Recover from disk (state, blocks the app lacks, WAL) and start the current height. Recovery
   * runs on the input queue, so a message received meanwhile waits for it.
   */
  start(): Promise<void> {
    return this.queue.push(() => this.recover());
  }

  private async recover(): Promise<void> {
    await this.chain.recover();
    this.engine = this.newEngine();
    this.replaying = true;
    await this.effects.act(this.engine.start());
    for (const rec of this.o.wal.replay()) {
      const i = decodeInput(rec);
      if (this.engine.decided) break;
      await this.effects.act(this.engine.handle(i));
    }
    this.replaying = false;
    await this.effects.resumeAsks();
    this.gossipLoop(this.engine.height);
  }

  /** Stop timers from acting (the simulator's crash, or shutdown). */
  stop(): void {
    this.queue.stop();
  }

  /**
   * Stop, then wait for the input being handled and the mempool's update to finish (before the
   * stores are closed).
   */
  async close(): Promise<void> {
    await this.queue.close();
    await this.chain.mempoolSettled();
  }

  /** A message from a peer. */
  receive(from: string, m: Message): Promise<void> {
    return this.queue.push(() => this.onMessage(from, m));
  }

  private count(reason: string): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
    this.log.debug({ reason }, 'dropped input');
  }

  private newEngine(): Engine {
    const cfg = { chain: this.ctx, selfKey: this.o.priv.publicKey, timeouts: this.t };
    return new Engine(cfg, this.state.height + 1n, this.state.next);
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

  /**
   * Log, then hand to the engine, then act on what it says. The record is only written, not
   * synced: what peers send (and timeouts, block answers) may be lost by a power failure without
   * harm, since nothing of this node left on the strength of it yet; the sync before this node's
   * next own message (height-effects.ts) makes it durable before anything depends on it.
   */
  private async input(i: EngineInput): Promise<void> {
    if (!this.replaying) this.o.wal.write(encodeInput(i, this.ctx));
    const outs = this.engine.handle(i);
    if (outs.length > 0) await this.effects.act(outs);
  }

  private async decide(block: Block, commit: Commit): Promise<void> {
    await this.applyDecided(block, commit, this.engine.set);
    this.o.timers.after(this.t.commitMs, () => this.queue.push(() => this.nextHeight()));
  }

  private async applyDecided(block: Block, commit: Commit, set: ValidatorSet): Promise<void> {
    await this.chain.apply(block, commit, set);
    const h = block.header.height;
    for (const [k, e] of this.evidence) if (e.a.body.height < h) this.evidence.delete(k);
  }

  private async nextHeight(): Promise<void> {
    if (!this.engine.decided || this.engine.height !== this.state.height) return;
    this.engine = this.newEngine();
    await this.effects.act(this.engine.start());
    const buffered = this.future;
    this.future = [];
    for (const { from, m } of buffered) await this.onMessage(from, m);
  }

  /**
   * Send this height's own messages again while the height stands still. A height decided since
   * the last tick shows its messages arrived, and re-sending them each tick cost every process a
   * gossip message (nine transmissions among four validators) per own message and tick; so a
   * height is re-sent from its second tick on, at most one interval later than before.
   */
  private gossipLoop(seen?: bigint): void {
    const ms = this.o.gossipMs ?? 250;
    this.o.timers.after(ms, () => {
      if (this.queue.stopped) return;
      const h = this.engine.height;
      if (h !== seen) return this.gossipLoop(h);
      for (const m of ownMessages(this.engine)) this.o.transport.broadcast(m);
      for (const v of polVotes(this.engine)) this.o.transport.broadcast({ vote: v });
      this.gossipLoop(h);
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
      if (!(await this.effects.blockOk(d.block))) return this.count('synced block is invalid');
      this.engine.markDecided();
      await this.applyDecided(d.block, d.commit, this.engine.set);
      await this.nextHeight();
    }
  }
}
