/**
 * Votes of one height, by round and type, with power sums per block id. Thresholds are by power:
 * "2f+1" is strictly more than 2/3 of the total, "f+1" strictly more than 1/3. A second,
 * different vote from a validator for the same (round, type) is not counted; it is returned as
 * equivocation evidence.
 */
import { bytesEqual, toHex } from '../../common/index.js';
import type { Vote } from './messages.js';
import type { ValidatorSet } from './validator-set.js';

/** Key of a block id in the sums ('' is nil). */
export function idKey(h: Uint8Array | null): string {
  return h === null ? '' : toHex(h);
}

/** One block id's running sum in a vote set. */
interface Tally {
  hash: Uint8Array | null;
  key: string;
  power: bigint;
}

/** Bucket of a block id: its first three bytes (a small integer), -1 for nil. */
function bucketOf(h: Uint8Array | null): number {
  return h === null ? -1 : (h[0]! << 16) | (h[1]! << 8) | h[2]!;
}

function sameId(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a === null || b === null ? a === b : bytesEqual(a, b);
}

/** Votes of one (round, type). */
export class VoteSet {
  readonly byValidator = new Map<number, Vote>();
  /** Power per block id key ('' for nil), kept in step with the tallies. */
  readonly sums = new Map<string, bigint>();
  total = 0n;
  // Tallies found by the id's bytes, so a vote costs a byte comparison instead of a hex string
  // (the hex key is made once per distinct block id).
  private readonly tallies = new Map<number, Tally[]>();

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
    const out: Vote[] = [];
    let id: Uint8Array | null | undefined;
    for (const list of this.tallies.values()) for (const t of list) if (t.key === key) id = t.hash;
    if (id === undefined) return out;
    for (const v of this.byValidator.values()) if (sameId(v.body.block_hash, id)) out.push(v);
    return out;
  }

  /** Count `power` for the block id `h`. */
  credit(h: Uint8Array | null, power: bigint): void {
    const b = bucketOf(h);
    let list = this.tallies.get(b);
    if (list === undefined) {
      list = [];
      this.tallies.set(b, list);
    }
    let t: Tally | undefined;
    for (const x of list) if (sameId(x.hash, h)) t = x;
    if (t === undefined) {
      t = { hash: h, key: idKey(h), power: 0n };
      list.push(t);
    }
    t.power += power;
    this.sums.set(t.key, t.power);
    this.total += power;
  }
}

/** Result of adding a vote. */
export type AddVote = { kind: 'added' } | { kind: 'duplicate' } | { kind: 'conflict'; previous: Vote };

const ADDED: AddVote = Object.freeze({ kind: 'added' });
const DUPLICATE: AddVote = Object.freeze({ kind: 'duplicate' });

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
      return sameId(prev.body.block_hash, v.body.block_hash)
        ? DUPLICATE
        : { kind: 'conflict', previous: prev };
    }
    vs.byValidator.set(v.body.validator, v);
    const power = this.set.validators[v.body.validator]!.power;
    vs.credit(v.body.block_hash, power);
    this.heard(v.body.round, v.body.validator);
    return ADDED;
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
