import { TandemError } from '../../../common/index.js';

/** Errors of the vote program (module `vote`, codes 1–39). */
export class VoteError extends TandemError {
  static readonly MODULE = 'vote';
  /** Parameters out of range (genesis or composition root). */
  static readonly INVALID_PARAMS = 1;
  /** A transaction body or hook input that decoded but is not acceptable. */
  static readonly INVALID_ARGUMENT = 2;
  static readonly ACCOUNT_EXISTS = 3;
  static readonly ACCOUNT_NOT_FOUND = 4;
  /** The signer is not the account's authority. */
  static readonly NOT_AUTHORIZED = 5;
  /** The node key did not consent to the account (proof of possession failed). */
  static readonly INVALID_NODE_SIGNATURE = 6;
  static readonly ALREADY_ACTIVE = 7;
  static readonly NOT_ACTIVE = 8;
  /** Deactivated but still in a VED membership; it cannot be activated again yet. */
  static readonly STILL_DEACTIVATING = 9;
  /** Slashed and frozen until a later epoch (APE-26). */
  static readonly FROZEN = 10;
  /** A fund change is waiting for its epoch (APE-8); one at a time. */
  static readonly FUND_CHANGE_PENDING = 11;
  static readonly TOO_MANY_VOTES = 12;
  /** A stored record failed strict decoding: the state is corrupt. */
  static readonly MALFORMED_STATE = 13;
  /** Inputs of the membership computation are inconsistent (negative stake, bad epoch). */
  static readonly INVALID_MEMBERSHIP_INPUT = 14;
  /** Rewards asked with the membership of another epoch than the one ending (APE-25). */
  static readonly MEMBERSHIP_EPOCH = 15;
  static readonly INVALID_GENESIS = 16;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(VoteError.MODULE, code, message, context);
    this.name = 'VoteError';
  }
}
