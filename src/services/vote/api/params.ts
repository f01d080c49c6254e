/** Parameters of the vote program, fixed at genesis. */
import { decodeWith, quantity, struct, u32, u64 } from '../../../common/index.js';
import { VoteError } from './errors.js';

/** The largest validator list the BFT engine's validator codec accepts. */
export const MAX_VALIDATORS_LIMIT = 10_000;

/** A fraction numerator/denominator in integers (no floats in state transitions). */
export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

export interface VoteParams {
  /** APE-7: a member needs strictly more stake than this (base units). */
  minStake: bigint;
  /** Largest membership; beyond it the highest stakes win (ties: lowest address). */
  maxValidators: number;
  /** APE-26: share of the escrow slashed per piece of evidence. */
  slashFraction: Fraction;
  /** APE-26: epochs during which a slashed account cannot be activated again. */
  freezeEpochs: bigint;
}

/** Reasonable defaults for tests and local networks. */
export const DEFAULT_VOTE_PARAMS: VoteParams = {
  minStake: 1_000n,
  maxValidators: 100,
  slashFraction: { numerator: 1n, denominator: 20n },
  freezeEpochs: 4n,
};

/** Wire form of the parameters (genesis documents). */
export const voteParamsCodec = struct(
  {
    min_stake: quantity,
    max_validators: u32,
    slash_numerator: quantity,
    slash_denominator: quantity,
    freeze_epochs: u64,
  },
  'VoteParams',
);

/** Refuses parameters that would make the program misbehave. */
export function validateParams(p: VoteParams): VoteParams {
  const bad = (why: string): never => {
    throw new VoteError(VoteError.INVALID_PARAMS, `vote params: ${why}`);
  };
  if (p.minStake < 0n) bad('minStake must be non-negative');
  if (!Number.isSafeInteger(p.maxValidators) || p.maxValidators < 1) bad('maxValidators must be ≥ 1');
  if (p.maxValidators > MAX_VALIDATORS_LIMIT) bad(`maxValidators must be ≤ ${MAX_VALIDATORS_LIMIT}`);
  const { numerator, denominator } = p.slashFraction;
  if (denominator <= 0n || numerator < 0n || numerator > denominator) bad('slash fraction must be in [0, 1]');
  if (p.freezeEpochs < 0n) bad('freezeEpochs must be non-negative');
  return p;
}

/** Strictly decodes and validates parameters from their canonical CBOR. */
export function decodeParams(b: Uint8Array): VoteParams {
  const w = decodeWith(voteParamsCodec, b);
  return validateParams({
    minStake: w.min_stake,
    maxValidators: w.max_validators,
    slashFraction: { numerator: w.slash_numerator, denominator: w.slash_denominator },
    freezeEpochs: w.freeze_epochs,
  });
}
