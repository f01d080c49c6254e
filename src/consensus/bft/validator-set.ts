/**
 * The validator set of one height and CometBFT's weighted round-robin proposer selection. Each
 * round every validator's priority grows by its power, the highest priority proposes (ties: the
 * lowest public key) and pays back the total power. Before each step the priorities are re-centred
 * on zero and their spread capped at 2 × total power, so joining or changing power cannot jump
 * the queue. Everything is bigint: the rule feeds block validity, so it must be exact.
 */
import {
  array,
  bytes32,
  compareBytes,
  decodeWith,
  encodeWith,
  hash,
  struct,
  toHex,
  u64,
} from '../../common/index.js';
import { BftError } from './errors.js';

/** A validator: consensus public key and voting power. */
export interface Validator {
  pubKey: Uint8Array;
  power: bigint;
}

/** Largest total voting power accepted (keeps priority arithmetic well inside i64 like CometBFT). */
export const MAX_TOTAL_POWER = (1n << 60n) - 1n;
const WINDOW_FACTOR = 2n;

const validatorCodec = struct({ pub_key: bytes32, power: u64 }, 'Validator');
const setCodec = array(validatorCodec, 10_000);

/** Canonical CBOR list of (public key, power) in the given order. */
export function encodeValidatorList(vals: readonly Validator[]): Uint8Array {
  return encodeWith(
    setCodec,
    vals.map((v) => ({ pub_key: v.pubKey, power: v.power })),
  );
}

/** Strict inverse of {@link encodeValidatorList}. */
export function decodeValidatorList(b: Uint8Array): Validator[] {
  return decodeWith(setCodec, b).map((v) => ({ pubKey: v.pub_key, power: v.power }));
}

/** Index and total power of each sorted, checked validator list a set was built with. */
const indexed = new WeakMap<readonly Validator[], { byKey: Map<string, number>; total: bigint }>();

export class ValidatorSet {
  /** Validators sorted by public key; a validator's index is its position here. */
  readonly validators: readonly Validator[];
  readonly totalPower: bigint;
  private readonly priorities: bigint[];
  private readonly byKey: Map<string, number>;
  private readonly proposers: number[] = [];
  /** Priorities after the rounds in `proposers` (so extending the list costs only new rounds). */
  private cursor: bigint[] | undefined;
  /**
   * Encodings of the (public key, power) list, shared by the sets that `next()` derives from this
   * one: the list is the same every height of an epoch, so it is encoded and hashed once per epoch.
   */
  private listMemo: { bytes?: Uint8Array; hash?: Uint8Array } = {};

  /** `priorities`, when given, are in the same order as `validators`. */
  constructor(validators: readonly Validator[], priorities?: readonly bigint[]) {
    if (validators.length === 0) throw new BftError(BftError.INVALID_VALIDATOR_SET, 'empty validator set');
    if (priorities && priorities.length !== validators.length) {
      throw new BftError(BftError.INVALID_VALIDATOR_SET, 'one priority per validator');
    }
    // The sets `next()` derives pass the list of this set, already sorted and checked: its index
    // is reused instead of sorting and hex-keying the validators again at every height.
    const known = indexed.get(validators);
    if (known !== undefined) {
      this.validators = validators;
      this.byKey = known.byKey;
      this.totalPower = known.total;
      this.priorities = priorities ? [...priorities] : validators.map(() => 0n);
      return;
    }
    const order = validators
      .map((_, i) => i)
      .sort((a, b) => compareBytes(validators[a]!.pubKey, validators[b]!.pubKey));
    const sorted = order.map((i) => validators[i]!);
    const byKey = new Map<string, number>();
    let total = 0n;
    sorted.forEach((v, i) => {
      if (v.power <= 0n)
        throw new BftError(BftError.INVALID_VALIDATOR_SET, 'validator power must be positive');
      const k = toHex(v.pubKey);
      if (byKey.has(k)) throw new BftError(BftError.INVALID_VALIDATOR_SET, `duplicate validator ${k}`);
      byKey.set(k, i);
      total += v.power;
    });
    if (total > MAX_TOTAL_POWER) throw new BftError(BftError.INVALID_VALIDATOR_SET, 'total power too large');
    this.validators = sorted;
    this.byKey = byKey;
    this.totalPower = total;
    this.priorities = priorities ? order.map((i) => priorities[i]!) : sorted.map(() => 0n);
    indexed.set(sorted, { byKey, total });
  }

  get size(): number {
    return this.validators.length;
  }

  /** Index of a validator by public key, or -1. */
  indexOf(pubKey: Uint8Array): number {
    return this.byKey.get(toHex(pubKey)) ?? -1;
  }

  /** Current priorities (for tests and for carrying over to the next height). */
  priorityList(): readonly bigint[] {
    return this.priorities;
  }

  /** Index of the proposer of `round` at this set's height. */
  proposerIndex(round: number): number {
    if (round > 100_000) throw new BftError(BftError.CONFIG, `round ${round} out of range`);
    if (this.proposers.length <= round) {
      const p = this.cursor ?? [...this.priorities];
      while (this.proposers.length <= round) this.proposers.push(this.step(p));
      this.cursor = p;
    }
    return this.proposers[round]!;
  }

  /** The set for the next height: priorities advanced by one round (CometBFT does one per height). */
  next(): ValidatorSet {
    const p = [...this.priorities];
    this.step(p);
    const n = new ValidatorSet(this.validators, p);
    n.listMemo = this.listMemo;
    return n;
  }

  /**
   * A set with new powers (validator updates at an epoch boundary). Kept validators keep their
   * priority; new ones start at −1.125 × total power so that they cannot propose at once.
   */
  withUpdates(updated: readonly Validator[]): ValidatorSet {
    const next = new ValidatorSet(updated);
    const total = next.totalPower;
    const pri = next.validators.map((v) => {
      const i = this.indexOf(v.pubKey);
      return i >= 0 ? this.priorities[i]! : -(total + total / 8n);
    });
    return new ValidatorSet(next.validators, pri);
  }

  /** Canonical CBOR list of (public key, power), in index order. */
  listBytes(): Uint8Array {
    this.listMemo.bytes ??= encodeValidatorList(this.validators);
    return this.listMemo.bytes;
  }

  /** SHA-512/256 of {@link listBytes}. */
  hash(): Uint8Array {
    this.listMemo.hash ??= hash(this.listBytes());
    return this.listMemo.hash;
  }

  /** One proposer step on `p` in place; returns the chosen index. */
  private step(p: bigint[]): number {
    rescale(p, WINDOW_FACTOR * this.totalPower);
    center(p);
    let best = 0;
    for (let i = 0; i < p.length; i++) {
      p[i]! += this.validators[i]!.power;
      if (p[i]! > p[best]!) best = i;
    }
    p[best]! -= this.totalPower;
    return best;
  }
}

function rescale(p: bigint[], window: bigint): void {
  let min = p[0]!;
  let max = p[0]!;
  for (const x of p) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const diff = max - min;
  if (diff <= window) return;
  const ratio = (diff + window - 1n) / window;
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / ratio;
}

function center(p: bigint[]): void {
  let sum = 0n;
  for (const x of p) sum += x;
  const n = BigInt(p.length);
  // Floor division, so negative averages round the same way on every node.
  let avg = sum / n;
  if (sum < 0n && avg * n !== sum) avg -= 1n;
  for (let i = 0; i < p.length; i++) p[i]! -= avg;
}
