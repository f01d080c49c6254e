/**
 * Votes of one height, by round and type, with power sums per block id. Thresholds are by power:
 * "2f+1" is strictly more than 2/3 of the total, "f+1" strictly more than 1/3. A second,
 * different vote from a validator for the same (round, type) is not counted; it is returned as
 * equivocation evidence.
 */
import { toHex } from '../../common/index.js';
import type { Vote } from './messages.js';
import type { ValidatorSet } from './validator-set.js';

/** Key of a block id in the sums ('' is nil). */
export function idKey(h: Uint8Array | null): string {
  return h === null ? '' : toHex(h);
}

/** Votes of one (round, type). */
export class VoteSet {
  readonly byValidator = new Map<number, Vote>();
  readonly sums = new Map<string, bigint>();
  total = 0n;

  /** Power for a block id ('' for nil). */
  power(key: string): bigint {
    return this.sums.get(key) ?? 0n;
  }

  /** The block id with more than 2/3 of `totalPower`, if any ('' = nil). */
  majority(totalPower: bigint): string | undefined {
    for (const [k, p] of this.sums) if (p * 3n > totalPower * 2n) return k;
    return undefined;
  }

  /** Votes for one block id. */
  votesFor(key: string): Vote[] {
    return [...this.byValidator.values()].filter((v) => idKey(v.body.block_hash) === key);
  }
}

/** Result of adding a vote. */
export type AddVote = { kind: 'added' } | { kind: 'duplicate' } | { kind: 'conflict'; previous: Vote };

export class HeightVotes {
  private readonly rounds = new Map<number, [VoteSet, VoteSet]>();
  /** Validators heard from per round (votes or proposals), for the round-skip rule L55. */
  private readonly senders = new Map<number, Set<number>>();
  /** Power of `senders` per round, kept as senders arrive (L55 reads it on every input). */
  private readonly heardSums = new Map<number, bigint>();
  /** Every round with votes or senders, ascending (kept sorted on insert: rounds are few). */
  private readonly known: number[] = [];

  constructor(readonly set: ValidatorSet) {}

  /** The vote set of (round, type); created empty on first use. */
  get(round: number, type: number): VoteSet {
    let r = this.rounds.get(round);
    if (!r) {
      r = [new VoteSet(), new VoteSet()];
      this.rounds.set(round, r);
      this.remember(round);
    }
    return r[type === 1 ? 0 : 1];
  }

  /** Add an already verified vote. */
  add(v: Vote): AddVote {
    const vs = this.get(v.body.round, v.body.type);
    const prev = vs.byValidator.get(v.body.validator);
    if (prev) {
      return idKey(prev.body.block_hash) === idKey(v.body.block_hash)
        ? { kind: 'duplicate' }
        : { kind: 'conflict', previous: prev };
    }
    vs.byValidator.set(v.body.validator, v);
    const power = this.set.validators[v.body.validator]!.power;
    const k = idKey(v.body.block_hash);
    vs.sums.set(k, vs.power(k) + power);
    vs.total += power;
    this.heard(v.body.round, v.body.validator);
    return { kind: 'added' };
  }

  /** Record that a validator sent something in `round`. */
  heard(round: number, validator: number): void {
    let s = this.senders.get(round);
    if (!s) {
      s = new Set();
      this.senders.set(round, s);
      this.remember(round);
    }
    if (s.has(validator)) return;
    s.add(validator);
    this.heardSums.set(round, (this.heardSums.get(round) ?? 0n) + this.set.validators[validator]!.power);
  }

  /** Power of the validators heard from in `round`. */
  heardPower(round: number): bigint {
    return this.heardSums.get(round) ?? 0n;
  }

  /** Rounds with any votes (for L49 over all rounds and for L55), ascending. */
  roundList(): readonly number[] {
    return this.known;
  }

  private remember(round: number): void {
    const k = this.known;
    if (k.includes(round)) return;
    let i = k.length;
    while (i > 0 && k[i - 1]! > round) i--;
    k.splice(i, 0, round);
  }
}

/** Strictly more than 2/3 of `total`. */
export function twoThirds(p: bigint, total: bigint): boolean {
  return p * 3n > total * 2n;
}

/** Strictly more than 1/3 of `total`. */
export function oneThird(p: bigint, total: bigint): boolean {
  return p * 3n > total;
}
