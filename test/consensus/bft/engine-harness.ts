/**
 * A small harness for the pure BFT engine: N validators with deterministic keys, signed proposals
 * and votes from any of them, and a `Run` that plays the driver for one engine (signs its own
 * messages and feeds them back, answers validity questions) so tests can drive the rules input by
 * input and read the outputs.
 */
import { Ed25519Signer, EMPTY_HASH, toHex, utf8 } from '../../../src/common/index.js';
import {
  assembleBlock,
  type Block,
  blockHash,
  ChainContexts,
  Engine,
  type EngineInput,
  type EngineOutput,
  type Proposal,
  proposalSignBytes,
  type TimeoutConfig,
  type TimeoutStep,
  ValidatorSet,
  type Vote,
  type VoteBody,
  VoteType,
  voteSignBytes,
} from '../../../src/consensus/bft/index.js';

export const CHAIN_ID = 'bft-engine-test';

/** Distinct bases and deltas so every expected timeout value is unambiguous. */
export const TIMEOUTS: TimeoutConfig = {
  proposeMs: 1000,
  proposeDeltaMs: 100,
  prevoteMs: 500,
  prevoteDeltaMs: 50,
  precommitMs: 700,
  precommitDeltaMs: 70,
  commitMs: 10,
};

/** Deterministic 32-byte seed of validator key `i`. */
export function seed(i: number): Uint8Array {
  return new Uint8Array(32).fill(i + 1);
}

/** Outputs of one kind, typed. */
export function ofKind<K extends EngineOutput['kind']>(
  outs: readonly EngineOutput[],
  kind: K,
): Extract<EngineOutput, { kind: K }>[] {
  return outs.filter((o): o is Extract<EngineOutput, { kind: K }> => o.kind === kind);
}

/** The vote bodies the engine asked to sign, as `type:round:hash|nil` strings (easy to assert). */
export function signedVotes(outs: readonly EngineOutput[]): string[] {
  return ofKind(outs, 'sign-vote').map(
    (o) =>
      `${o.body.type === VoteType.Prevote ? 'prevote' : 'precommit'}:${o.body.round}:${hashOrNil(o.body.block_hash)}`,
  );
}

function hashOrNil(h: Uint8Array | null): string {
  return h === null ? 'nil' : toHex(h);
}

/** Hex id of a block (as in vote sums and `validate` outputs). */
export function idOf(b: Block): string {
  return toHex(blockHash(b));
}

/** Validators, their keys and signing helpers for one height. */
export class Net {
  readonly ctx = new ChainContexts(CHAIN_ID);
  readonly set: ValidatorSet;
  /** Signers by validator index (the set sorts by public key). */
  readonly signers: Ed25519Signer[];

  constructor(
    powers: readonly bigint[] = [1n, 1n, 1n, 1n],
    readonly height = 1n,
  ) {
    const keys = powers.map((_, i) => Ed25519Signer.fromSeed(seed(i)));
    this.set = new ValidatorSet(keys.map((k, i) => ({ pubKey: k.publicKey, power: powers[i]! })));
    this.signers = this.set.validators.map((v) => keys.find((k) => toHex(k.publicKey) === toHex(v.pubKey))!);
  }

  /** Index of the proposer of `round`. */
  proposer(round: number): number {
    return this.set.proposerIndex(round);
  }

  /** The first validator that proposes none of `rounds`. */
  nonProposer(...rounds: number[]): number {
    const busy = new Set(rounds.map((r) => this.proposer(r)));
    const i = this.set.validators.findIndex((_, j) => !busy.has(j));
    if (i < 0) throw new Error('every validator proposes one of the rounds');
    return i;
  }

  /** Index of the (first) validator with power `p`. */
  withPower(p: bigint): number {
    return this.set.validators.findIndex((v) => v.power === p);
  }

  /** A block of this height proposed by the proposer of `round`; `tag` makes blocks distinct. */
  block(round: number, tag = `r${round}`): Block {
    return assembleBlock({
      chainId: CHAIN_ID,
      height: this.height,
      time: 1_000n + BigInt(round),
      parent: { height: this.height - 1n, time: 0n, lastBlockHash: EMPTY_HASH, lastSet: null },
      lastCommit: null,
      txs: [utf8(tag)],
      evidence: [],
      vedHash: EMPTY_HASH,
      set: this.set,
      proposer: this.set.validators[this.proposer(round)]!.pubKey,
    });
  }

  /** A proposal of `block` at `round`, signed by `from` (default: the round's proposer). */
  proposal(round: number, block: Block, validRound = -1, from = this.proposer(round)): Proposal {
    const body = {
      height: this.height,
      round,
      valid_round: validRound,
      block_hash: blockHash(block),
      proposer: from,
    };
    return { body, signature: this.signers[from]!.sign(this.ctx.proposal, proposalSignBytes(body)), block };
  }

  /** A signed vote of validator `i`; `target` is a block, a raw hash, or null for nil. */
  vote(
    i: number,
    type: number,
    round: number,
    target: Block | Uint8Array | null,
    extra: Partial<VoteBody> = {},
  ): Vote {
    const block_hash = target === null ? null : target instanceof Uint8Array ? target : blockHash(target);
    const body: VoteBody = {
      type,
      height: this.height,
      round,
      block_hash,
      validator: i,
      extension: new Uint8Array(0),
      ...extra,
    };
    return this.signVote(this.signers[i]!, body);
  }

  /** Sign any vote body with `signer` (also with a key that does not match the body's index). */
  signVote(signer: Ed25519Signer, body: VoteBody): Vote {
    return { body, signature: signer.sign(this.ctx.vote, voteSignBytes(body)) };
  }

  /** Prevotes of validators `from` for `target` at `round`. */
  prevotes(from: readonly number[], round: number, target: Block | null): Vote[] {
    return from.map((i) => this.vote(i, VoteType.Prevote, round, target));
  }

  /** Precommits of validators `from` for `target` at `round`. */
  precommits(from: readonly number[], round: number, target: Block | null): Vote[] {
    return from.map((i) => this.vote(i, VoteType.Precommit, round, target));
  }

  /** Indices of all validators except `self`. */
  others(self: number): number[] {
    return this.set.validators.map((_, i) => i).filter((i) => i !== self);
  }

  /** A driver-less engine for validator `self`. */
  run(self: number, opts: { verdict?: (hash: string) => boolean | undefined } = {}): Run {
    return new Run(this, self, opts.verdict ?? (() => true));
  }
}

/**
 * One engine with a minimal driver: own proposals and votes are signed and fed back at once (as
 * the real driver does), `validate` is answered by `verdict` (undefined leaves it pending), and
 * `build-block` is answered only when `autoBuild` is set.
 */
export class Run {
  readonly engine: Engine;
  autoBuild = false;
  /** Every input the engine was given, own messages included (what the driver's WAL holds). */
  readonly log: EngineInput[] = [];
  /** The engine's outputs in order, as it returned them. */
  readonly outputs: EngineOutput[] = [];

  constructor(
    readonly net: Net,
    readonly self: number,
    private readonly verdict: (hash: string) => boolean | undefined,
  ) {
    const cfg = { chain: net.ctx, selfKey: net.signers[self]!.publicKey, timeouts: TIMEOUTS };
    this.engine = new Engine(cfg, net.height, net.set);
  }

  /** Start round 0; returns every output, including those of fed-back own messages. */
  start(): EngineOutput[] {
    return this.act(this.record(this.engine.start()));
  }

  /** Feed one input; returns every resulting output. */
  input(i: EngineInput): EngineOutput[] {
    this.log.push(i);
    return this.act(this.record(this.engine.handle(i)));
  }

  /** Feed votes one by one; returns all outputs. */
  votes(vs: readonly Vote[]): EngineOutput[] {
    return vs.flatMap((vote) => this.input({ kind: 'vote', vote }));
  }

  /** Feed a proposal. */
  proposal(p: Proposal): EngineOutput[] {
    return this.input({ kind: 'proposal', proposal: p });
  }

  /** Fire a timeout of the engine's height. */
  timeout(round: number, step: TimeoutStep, height = this.net.height): EngineOutput[] {
    return this.input({ kind: 'timeout', height, round, step });
  }

  /** Move to the next round through its precommit timeout. */
  nextRound(): EngineOutput[] {
    return this.timeout(this.engine.round, 'precommit');
  }

  private record(outs: EngineOutput[]): EngineOutput[] {
    this.outputs.push(...outs);
    return outs;
  }

  private act(outs: EngineOutput[]): EngineOutput[] {
    const all: EngineOutput[] = [];
    for (const o of outs) {
      all.push(o);
      all.push(...this.react(o));
    }
    return all;
  }

  private react(o: EngineOutput): EngineOutput[] {
    const signer = this.net.signers[this.self]!;
    const ctx = this.net.ctx;
    switch (o.kind) {
      case 'sign-vote': {
        const vote = { body: o.body, signature: signer.sign(ctx.vote, voteSignBytes(o.body)) };
        return this.input({ kind: 'vote', vote });
      }
      case 'sign-proposal': {
        const signature = signer.sign(ctx.proposal, proposalSignBytes(o.body));
        return this.input({ kind: 'proposal', proposal: { body: o.body, signature, block: o.block } });
      }
      case 'validate': {
        const valid = this.verdict(o.hash);
        return valid === undefined ? [] : this.input({ kind: 'validated', hash: o.hash, valid });
      }
      case 'build-block':
        if (!this.autoBuild) return [];
        return this.input({
          kind: 'block',
          height: o.height,
          round: o.round,
          block: this.net.block(o.round),
        });
      default:
        return [];
    }
  }
}

/**
 * Everything observable about an engine's consensus state (round, step, lock, valid value,
 * decision, proposals and vote sums of every round) as a string, to show an input changed nothing.
 */
export function snapshot(e: Engine): string {
  const rounds = e.votes.roundList().map((r) => {
    const sums = (t: number) => {
      const vs = e.votes.get(r, t);
      const s = [...vs.sums.entries()].sort().map(([k, p]) => `${k || 'nil'}=${p}`);
      return `${vs.total}[${s.join(',')}]{${[...vs.byValidator.keys()].sort().join(',')}}`;
    };
    const p = e.proposalAt(r);
    return `r${r}: pv ${sums(VoteType.Prevote)} pc ${sums(VoteType.Precommit)} heard ${e.votes.heardPower(r)} prop ${p ? toHex(p.body.block_hash) : '-'}`;
  });
  const vb = e.validBlock ? idOf(e.validBlock) : '-';
  return [
    `h${e.height} r${e.round} ${e.step} lock ${e.lockedKey || '-'}@${e.lockedRound} valid ${vb}@${e.validRound} decided ${e.decided}`,
    ...rounds,
  ].join('\n');
}
