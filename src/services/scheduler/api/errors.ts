import { TandemError } from '../../../common/index.js';

/** Errors of the scheduler service (module `scheduler`, codes 1–29). */
export class SchedulerError extends TandemError {
  static readonly MODULE = 'scheduler';
  /** Genesis document malformed, or genesis run twice. */
  static readonly INVALID_GENESIS = 1;
  /** Parameters out of range. */
  static readonly INVALID_PARAMS = 2;
  /** The scheduler has no genesis state yet. */
  static readonly NOT_INITIALIZED = 3;
  /** A stored key or value does not decode, or disagrees with its key. */
  static readonly CORRUPT_STATE = 4;
  /** The beacon has no usable value for the election epoch (a wiring or ordering fault). */
  static readonly BEACON_UNAVAILABLE = 5;
  /** The candidate source gave a malformed or duplicated candidate. */
  static readonly INVALID_CANDIDATE = 6;
  /** The runtime source gave a malformed or duplicated runtime. */
  static readonly INVALID_RUNTIME = 7;
  /** An argument out of range (epoch beyond u64, unknown kind or role, bad id length). */
  static readonly INVALID_ARGUMENT = 8;
  /** A committee that breaks the committee rules (kinds, roles, member order, duplicates). */
  static readonly INVALID_COMMITTEE = 9;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(SchedulerError.MODULE, code, message, context);
    this.name = 'SchedulerError';
  }
}
