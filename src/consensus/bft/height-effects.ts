/**
 * What the driver does for the engine's outputs: sign and send own proposals and votes (through
 * the last-signed record, logging them before the engine sees them), schedule timeouts, build this
 * validator's block, have proposed blocks checked, keep equivocation evidence, and count drops.
 * After a WAL replay it asks again whatever the log holds no answer for.
 */
import { type Logger, toHex } from '../../common/index.js';
import type { WalPort } from './app.js';
import type { ChainContexts } from './chain-contexts.js';
import type { CommittedChain } from './committed-chain.js';
import type { DriverOptions } from './driver-options.js';
import type { Engine } from './engine.js';
import type { EngineInput, EngineOutput } from './engine-types.js';
import { BftError } from './errors.js';
import { polVotes } from './gossip.js';
import { type Block, type Commit, type Evidence, type Message, type Vote, VoteType } from './messages.js';
import { blockAcceptable, buildProposalBlock } from './proposal-block.js';
import { encodeInput } from './records.js';

/** The driver as its effects see it. */
export interface EffectsHost {
  /** The engine of the current height. */
  readonly engine: Engine;
  /** True while the WAL is replayed (the application is not asked again). */
  readonly replaying: boolean;
  /** Log an input, hand it to the engine and act on what it says. */
  input(i: EngineInput): Promise<void>;
  /** Run `f` as an input of the serial queue after `ms`. */
  later(ms: number, f: () => Promise<void>): void;
  /** Count a dropped input's reason. */
  count(reason: string): void;
  /** Apply a decided block and move on to the next height. */
  decide(block: Block, commit: Commit): Promise<void>;
}

/** How often a proposer waiting for a transaction looks at the mempool again. */
const TX_POLL_MS = 10;

type SignOutput = Extract<EngineOutput, { kind: 'sign-proposal' | 'sign-vote' }>;

/** Carries out the engine's outputs for the driver (signing, timers, blocks, evidence, drops). */
export class HeightEffects {
  constructor(
    private readonly o: DriverOptions,
    private readonly ctx: ChainContexts,
    private readonly chain: CommittedChain,
    private readonly evidence: Map<string, Evidence>,
    private readonly log: Logger,
    private readonly host: EffectsHost,
  ) {}

  /** Carry out the engine's outputs in order. */
  async act(outs: EngineOutput[]): Promise<void> {
    const h = this.host;
    for (const o of outs) {
      switch (o.kind) {
        case 'sign-proposal':
        case 'sign-vote':
          await this.signAndSend(o);
          break;
        case 'schedule': {
          const { height, round, step } = o;
          h.later(o.ms, () => h.input({ kind: 'timeout', height, round, step }));
          break;
        }
        case 'build-block':
          if (!h.replaying) await this.buildBlock(o.height, o.round);
          break;
        case 'validate':
          if (!h.replaying) await this.validate(o.hash, o.block);
          break;
        case 'decide':
          await h.decide(o.block, o.commit);
          break;
        case 'evidence':
          this.keepEvidence(o.evidence);
          break;
        case 'drop':
          h.count(o.reason);
          break;
      }
    }
  }

  /** True when `block` passes the consensus checks for the current height and the application's. */
  blockOk(block: Block): Promise<boolean> {
    const drop = (reason: string) => this.host.count(reason);
    return blockAcceptable(this.o, this.ctx, this.chain.parent(), this.host.engine.set, block, drop);
  }

  /** After a WAL replay, ask again whatever the log holds no answer for. */
  async resumeAsks(): Promise<void> {
    const e = this.host.engine;
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

  /**
   * The signed message the output asks for (throws DOUBLE_SIGN_REFUSED if it would conflict), and
   * when its last-signed record is durable: it must not leave before.
   */
  private sign(out: SignOutput): { m: Message; durable: Promise<void> } {
    if (out.kind === 'sign-proposal') {
      const s = this.o.priv.signProposalDeferred(out.body);
      return {
        m: { proposal: { body: out.body, signature: s.signature, block: out.block } },
        durable: s.durable,
      };
    }
    const body = { ...out.body };
    if (body.type === VoteType.Precommit && body.block_hash !== null) {
      body.extension = this.o.app.extendVote(body.height);
    }
    const s = this.o.priv.signVoteDeferred(body);
    return { m: { vote: { body, signature: s.signature } }, durable: s.durable };
  }

  private async signAndSend(out: SignOutput): Promise<void> {
    // The application may stop this node signing (e.g. a divergence halt, APE-18).
    if (this.o.app.canSign?.() === false) return this.host.count('signing halted by the application');
    let m: Message;
    let durable: Promise<void>;
    try {
      ({ m, durable } = this.sign(out));
    } catch (e) {
      if (e instanceof BftError && e.code === BftError.DOUBLE_SIGN_REFUSED) {
        // During a WAL replay this is expected: the votes were signed before and are in the log.
        if (this.host.replaying) return;
        this.log.warn({ reason: e.message }, 'signature refused');
        this.host.count('signature refused by the last-signed record');
        return;
      }
      throw e;
    }
    const own: EngineInput =
      'proposal' in m
        ? { kind: 'proposal', proposal: m.proposal }
        : { kind: 'vote', vote: (m as { vote: Vote }).vote };
    // Own signed messages are logged even during a replay: one re-signed there (identical bytes)
    // may be missing from the log if the crash tore its record, and a later restart could not
    // sign it again once the last-signed record has moved past it. Its sync is the one of the
    // log: the own message and every input written before it (what it was based on) are durable
    // before it leaves. The log's sync and the last-signed record's save run together, off the
    // event loop (their order does not matter: the message leaves only after both; a crash
    // between them leaves a log whose own message the record re-signs identically, or a record
    // ahead of the log, as a crash between the two saves in either order would).
    await Promise.all([durable, appendDurably(this.o.wal, encodeInput(own, this.ctx))]);
    this.o.transport.broadcast(m);
    await this.act(this.host.engine.handle(own));
    if ('proposal' in m) for (const v of polVotes(this.host.engine)) this.o.transport.broadcast({ vote: v });
  }

  private async buildBlock(height: bigint, round: number, since = this.o.timers.now()): Promise<void> {
    // The mempool must have caught up with the last block before it says what there is to propose.
    await this.chain.mempoolSettled();
    if (this.waitForTxs(height, round, since)) return;
    const set = this.host.engine.set;
    const block = await buildProposalBlock(this.o, this.ctx, this.chain, set, this.evidence.values(), height);
    await this.host.input({ kind: 'block', height, round, block });
  }

  /**
   * True when the proposal of round 0 is put off because there is nothing to propose yet (see
   * `emptyBlockWaitMs`); the build is tried again shortly, as an input of the serial queue.
   */
  private waitForTxs(height: bigint, round: number, since: bigint): boolean {
    const t = this.o.timeouts;
    const max = Math.min(t?.emptyBlockWaitMs ?? 0, Math.floor((t?.proposeMs ?? 0) / 2));
    const m = this.o.mempool;
    if (round !== 0 || max <= 0 || m === undefined || this.evidence.size > 0) return false;
    // Held transactions that cannot go into a block yet (a nonce gap) are nothing to propose.
    if (m.reap(Number.POSITIVE_INFINITY, 1).length > 0) return false;
    const left = max - Number(this.o.timers.now() - since);
    if (left <= 0) return false;
    this.host.later(Math.min(TX_POLL_MS, left), async () => {
      const e = this.host.engine;
      if (e.height !== height || e.round !== 0 || e.step !== 'propose' || e.proposalAt(0)) return;
      await this.buildBlock(height, round, since);
    });
    return true;
  }

  private async validate(hash: string, block: Block): Promise<void> {
    await this.host.input({ kind: 'validated', hash, valid: await this.blockOk(block) });
  }

  private keepEvidence(e: Evidence): void {
    this.evidence.set(toHex(e.pub_key) + e.a.body.round + e.a.body.type, e);
    this.log.warn({ validator: toHex(e.pub_key) }, 'equivocation evidence');
  }
}

/** Append `record`, durable when the promise settles (synced off the event loop if the log can). */
function appendDurably(wal: WalPort, record: Uint8Array): Promise<void> {
  if (wal.syncAsync === undefined) {
    wal.append(record);
    return Promise.resolve();
  }
  wal.write(record);
  return wal.syncAsync();
}
