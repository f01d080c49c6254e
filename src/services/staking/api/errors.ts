import { TandemError } from '../../../common/index.js';

/** Errors of the staking service (module `staking`, codes 1–39). */
export class StakingError extends TandemError {
  static readonly MODULE = 'staking';
  /** The genesis document is malformed or inconsistent. */
  static readonly INVALID_GENESIS = 1;
  /** Parameters are out of range (schedule order, zero denominators, ...). */
  static readonly INVALID_PARAMS = 2;
  /** An amount or share count is zero or negative where a positive one is needed. */
  static readonly INVALID_AMOUNT = 3;
  /** A deposit is smaller than `min_delegation`. */
  static readonly BELOW_MIN_DELEGATION = 4;
  /** The operation would issue zero shares (the amount is worth less than one share). */
  static readonly ZERO_SHARES = 5;
  /** The pool was slashed to zero while shares remain; it issues no shares until they are gone. */
  static readonly POOL_DEPLETED = 6;
  /** The delegation holds fewer shares than asked for. */
  static readonly INSUFFICIENT_SHARES = 7;
  /** The signer has no delegation to this escrow account. */
  static readonly NO_DELEGATION = 8;
  /** The transaction did not declare the account it changes as writable. */
  static readonly ACCOUNT_NOT_DECLARED = 9;
  /** A balance or share count would exceed MAX_QUANTITY (or go below zero). */
  static readonly OVERFLOW = 10;
  /** A stored record does not decode: the state is damaged. */
  static readonly CORRUPT_STATE = 11;
  /** Staking parameters are missing: genesis did not run in this domain. */
  static readonly NOT_INITIALIZED = 12;
  /** Neither an injected epoch function nor `epoch_interval` tells where epochs end. */
  static readonly NO_EPOCH_SOURCE = 13;
  /** A caller (vote program, roothash) passed an invalid argument. */
  static readonly INVALID_ARGUMENT = 14;
  /** Genesis ran twice in one domain. */
  static readonly ALREADY_INITIALIZED = 15;
  /** A withdrawal above what the owner allowed the beneficiary. */
  static readonly INSUFFICIENT_ALLOWANCE = 16;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(StakingError.MODULE, code, message, context);
    this.name = 'StakingError';
  }
}
