/**
 * The Tendermint algorithm (spec/bft.md, Algorithm 1 of arXiv:1807.04938) as a pure state machine
 * for one validator at one height. `handle` takes an input and returns outputs; it never touches a
 * clock, socket or disk, so the simulator and the node run the same code and a write-ahead log of
 * inputs replays it exactly. Own messages come back as inputs once the driver has signed them.
 */
import { toHex, verify } from '../../common/index.js';
import type { ChainContexts } from './chain-contexts.js';
import {
  DEFAULT_TIMEOUTS,
  type EngineInput,
  type EngineOutput,
  MAX_ROUND_AHEAD,
  type Step,
  type TimeoutConfig,
  type TimeoutStep,
} from './engine-types.js';
import { type Block, type Proposal, type Vote, VoteType } from './messages.js';
import { blockHash, proposalSignBytes, verifyVote } from './signing.js';
import type { ValidatorSet } from './validator-set.js';
import { HeightVotes } from './vote-set.js';

/** The (frozen) answer to an input that asks nothing of the driver: most votes. */
const NOTHING: EngineOutput[] = Object.freeze([]) as unknown as EngineOutput[];

/** Rules that act once per round (numbers, so a check builds no string). */
const Once = { Built: 0, L34: 1, L36: 2, L47: 3 } as const;

interface Held {
  proposal: Proposal;
  key: string;
}

/** Engine configuration that does not change between heights. */
export interface EngineConfig {
  chain: ChainContexts;
  /** This validator's consensus public key (it may be outside the set: then it only follows). */
  selfKey: Uint8Array;
  timeouts?: TimeoutConfig;
}

export class Engine {
  readonly height: bigint;
  round = 0;
  step: Step = 'propose';
  lockedKey = '';
  lockedRound = -1;
  validBlock: Block | null = null;
  validRound = -1;
  decided = false;
  readonly votes: HeightVotes;
  private readonly self: number;
  private readonly t: TimeoutConfig;
  private readonly proposals = new Map<number, Held>();
  private readonly validity = new Map<string, boolean | 'pending'>();
  /** Rules that fire once per round, as `round * 4 + rule` (see `Once`). */
  private readonly once = new Set<number>();
  private out: EngineOutput[] = [];
  // "More than 2/3" and "more than 1/3" of the total power as p > floor(2T/3) and p > floor(T/3):
  // the same test as 3p > 2T and 3p > T for integers, without two bigint products per check.
  private readonly q2: bigint;
  private readonly q1: bigint;

  constructor(
    private readonly cfg: EngineConfig,
    height: bigint,
    readonly set: ValidatorSet,
  ) {
    this.height = height;
    this.votes = new HeightVotes(set);
    this.self = set.indexOf(cfg.selfKey);
    this.t = cfg.timeouts ?? DEFAULT_TIMEOUTS;
    this.q2 = (set.totalPower * 2n) / 3n;
    this.q1 = set.totalPower / 3n;
  }

  /** Index of this validator in the set, -1 when not a validator. */
  get selfIndex(): number {
    return this.self;
  }

  /** Start round 0 of the height. */
  start(): EngineOutput[] {
    this.startRound(0);
    return this.flush();
  }

  /** React to one input. */
  handle(i: EngineInput): EngineOutput[] {
    switch (i.kind) {
      case 'proposal':
        this.onProposal(i.proposal);
        break;
      case 'vote':
        this.onVote(i.vote);
        break;
      case 'timeout':
        this.onTimeout(i.height, i.round, i.step);
        break;
      case 'block':
        this.onOwnBlock(i.height, i.round, i.block);
        break;
      case 'validated':
        if (this.validity.get(i.hash) === 'pending') this.validity.set(i.hash, i.valid);
        break;
    }
    this.evaluate();
    return this.flush();
  }

  /** Validity of a block as known so far ('pending' while the application is asked). */
  validityOf(key: string): boolean | 'pending' | undefined {
    return this.validity.get(key);
  }

  /** The height was decided elsewhere (block sync): ignore further inputs. */
  markDecided(): void {
    this.decided = true;
    this.step = 'commit';
  }

  /** The proposal held for a round, if any. */
  proposalAt(round: number): Proposal | undefined {
    return this.proposals.get(round)?.proposal;
  }

  private flush(): EngineOutput[] {
    const o = this.out;
    if (o.length === 0) return NOTHING;
    this.out = [];
    return o;
  }

  private drop(reason: string): void {
    this.out.push({ kind: 'drop', reason });
  }

  /** Why a message position is not acceptable now, or null. */
  private positionProblem(h: bigint, r: number): string | null {
    if (h !== this.height) return `height ${h} is not the current height ${this.height}`;
    if (r > this.round + MAX_ROUND_AHEAD) return `round ${r} is too far ahead`;
    return null;
  }

  private onProposal(p: Proposal): void {
    const key = toHex(blockHash(p.block));
    const why = this.proposalProblem(p, key);
    if (why !== null) {
      if (why !== '') this.drop(why);
      return;
    }
    const b = p.body;
    this.proposals.set(b.round, { proposal: p, key });
    this.votes.heard(b.round, b.proposer);
    if (!this.validity.has(key)) {
      this.validity.set(key, 'pending');
      this.out.push({ kind: 'validate', hash: key, block: p.block });
    }
  }

  /** Null if the proposal is new and acceptable; '' for a harmless repeat; else the reason. */
  private proposalProblem(p: Proposal, key: string): string | null {
    const b = p.body;
    const pos = this.positionProblem(b.height, b.round);
    if (pos !== null) return pos;
    if (b.proposer !== this.set.proposerIndex(b.round)) return `proposal from a non-proposer ${b.proposer}`;
    if (b.valid_round < -1 || b.valid_round >= b.round) return 'proposal with an invalid valid_round';
    if (key !== toHex(b.block_hash)) return 'proposal block does not match its hash';
    const have = this.proposals.get(b.round);
    if (have) return have.key === key ? '' : 'conflicting proposal for the round';
    const pub = this.set.validators[b.proposer]!.pubKey;
    if (!verify(pub, this.cfg.chain.proposal, proposalSignBytes(b), p.signature))
      return 'bad proposal signature';
    return null;
  }

  private onVote(v: Vote): void {
    const why = this.voteProblem(v);
    if (why !== null) {
      this.drop(why);
      return;
    }
    const r = this.votes.add(v);
    if (r.kind === 'conflict') {
      const b = v.body;
      const pub = this.set.validators[b.validator]!.pubKey;
      this.out.push({ kind: 'evidence', evidence: { pub_key: pub, a: r.previous, b: v } });
      this.drop(`equivocating vote from validator ${b.validator}`);
    }
  }

  private voteProblem(v: Vote): string | null {
    const b = v.body;
    const pos = this.positionProblem(b.height, b.round);
    if (pos !== null) return pos;
    if (b.type !== VoteType.Prevote && b.type !== VoteType.Precommit) return `unknown vote type ${b.type}`;
    if (b.validator >= this.set.size) return `unknown validator index ${b.validator}`;
    if (b.type === VoteType.Prevote && b.extension.length > 0) return 'prevote with an extension';
    if (!verifyVote(this.cfg.chain, this.set, v)) return 'bad vote signature';
    return null;
  }

  private onTimeout(h: bigint, r: number, s: TimeoutStep): void {
    if (h !== this.height || r !== this.round || this.decided) return;
    if (s === 'propose' && this.step === 'propose') this.prevote(null);
    else if (s === 'prevote' && this.step === 'prevote') this.precommit(null);
    else if (s === 'precommit') this.startRound(r + 1);
  }

  private onOwnBlock(h: bigint, r: number, block: Block): void {
    if (h !== this.height || r !== this.round || this.self < 0 || this.decided) return;
    if (this.set.proposerIndex(r) !== this.self || !this.first(Once.Built, r)) return;
    const body = { height: h, round: r, valid_round: -1, block_hash: blockHash(block), proposer: this.self };
    this.out.push({ kind: 'sign-proposal', body, block });
  }

  private startRound(r: number): void {
    this.round = r;
    this.step = 'propose';
    if (this.self >= 0 && this.set.proposerIndex(r) === this.self) {
      if (this.validBlock !== null) {
        const body = {
          height: this.height,
          round: r,
          valid_round: this.validRound,
          block_hash: blockHash(this.validBlock),
          proposer: this.self,
        };
        this.out.push({ kind: 'sign-proposal', body, block: this.validBlock });
      } else {
        this.out.push({ kind: 'build-block', height: this.height, round: r });
      }
    }
    this.schedule('propose', this.t.proposeMs + r * this.t.proposeDeltaMs);
  }

  private schedule(step: TimeoutStep, ms: number): void {
    this.out.push({ kind: 'schedule', height: this.height, round: this.round, step, ms });
  }

  private vote(type: number, hash: Uint8Array | null): void {
    if (this.self < 0) return;
    const body = {
      type,
      height: this.height,
      round: this.round,
      block_hash: hash,
      validator: this.self,
      extension: new Uint8Array(0),
    };
    this.out.push({ kind: 'sign-vote', body });
  }

  private prevote(hash: Uint8Array | null): void {
    this.vote(VoteType.Prevote, hash);
    this.step = 'prevote';
  }

  private precommit(hash: Uint8Array | null): void {
    this.vote(VoteType.Precommit, hash);
    this.step = 'precommit';
  }

  private first(rule: number, round: number): boolean {
    const tag = round * 4 + rule;
    if (this.once.has(tag)) return false;
    this.once.add(tag);
    return true;
  }

  /** Apply every rule whose condition holds, until none does. */
  private evaluate(): void {
    for (let guard = 0; guard < 1000 && !this.decided; guard++) {
      const round = this.round;
      const step = this.step;
      const outs = this.out.length;
      this.rulesOfRound();
      this.ruleDecide();
      this.ruleSkipRound();
      if (this.round === round && this.step === step && this.out.length === outs) return;
    }
  }

  private valid(key: string): boolean | undefined {
    const v = this.validity.get(key);
    return v === 'pending' ? undefined : v;
  }

  private rulesOfRound(): void {
    const r = this.round;
    const held = this.proposals.get(r);
    const prevotes = this.votes.get(r, VoteType.Prevote);
    if (held && this.step === 'propose') this.ruleProposal(held);
    if (this.step === 'prevote' && prevotes.total > this.q2 && this.first(Once.L34, r)) {
      this.schedule('prevote', this.t.prevoteMs + r * this.t.prevoteDeltaMs);
    }
    if (held && (this.step === 'prevote' || this.step === 'precommit') && this.valid(held.key) === true) {
      if (prevotes.power(held.key) > this.q2 && this.first(Once.L36, r)) {
        if (this.step === 'prevote') {
          this.lockedKey = held.key;
          this.lockedRound = r;
          this.precommit(held.proposal.body.block_hash);
        }
        this.validBlock = held.proposal.block;
        this.validRound = r;
      }
    }
    if (this.step === 'prevote' && prevotes.power('') > this.q2) this.precommit(null);
    const precommits = this.votes.get(r, VoteType.Precommit);
    if (precommits.total > this.q2 && this.first(Once.L47, r)) {
      this.schedule('precommit', this.t.precommitMs + r * this.t.precommitDeltaMs);
    }
  }

  /** L22 and L28. */
  private ruleProposal(held: Held): void {
    const ok = this.valid(held.key);
    if (ok === undefined) return;
    const { valid_round: vr, block_hash } = held.proposal.body;
    if (vr === -1) {
      const free = this.lockedRound === -1 || this.lockedKey === held.key;
      this.prevote(ok && free ? block_hash : null);
      return;
    }
    const pv = this.votes.get(vr, VoteType.Prevote);
    if (vr < this.round && pv.power(held.key) > this.q2) {
      const free = this.lockedRound <= vr || this.lockedKey === held.key;
      this.prevote(ok && free ? block_hash : null);
    }
  }

  /** L49: a proposal and 2f+1 precommits for it in any round decide. */
  private ruleDecide(): void {
    for (const [r, held] of this.proposals) {
      const pc = this.votes.get(r, VoteType.Precommit);
      if (pc.power(held.key) <= this.q2 || this.valid(held.key) !== true) continue;
      const votes = pc.votesFor(held.key).sort((a, b) => a.body.validator - b.body.validator);
      const commit = { height: this.height, round: r, block_hash: held.proposal.body.block_hash, votes };
      this.decided = true;
      this.step = 'commit';
      this.out.push({ kind: 'decide', block: held.proposal.block, commit });
      return;
    }
  }

  /** L55: f+1 of the power heard from in a later round moves this validator there. */
  private ruleSkipRound(): void {
    let target = -1;
    for (const r of this.votes.roundList()) {
      if (r > this.round && this.votes.heardPower(r) > this.q1) target = r;
    }
    if (target > this.round) this.startRound(target);
  }
}
