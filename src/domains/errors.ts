import { TandemError } from '../common/index.js';

/** Errors of the execution-domain layer (module `domains`). */
export class DomainsError extends TandemError {
  static readonly MODULE = 'domains';
  /** This node halted: validators holding ≥ 1/3 of the stake reported a different UED hash. */
  static readonly DIVERGENCE_HALT = 1;
  static readonly UNKNOWN_VALIDATOR = 2;
  static readonly INVALID_REPORT = 3;
  static readonly OUT_OF_ORDER = 4;
  static readonly WORKER_FAILED = 5;
  static readonly HALT_FILE = 6;
  static readonly TIMEOUT = 7;
  static readonly CLOSED = 8;
  /** A pinned cross-domain record is malformed or of the wrong epoch. */
  static readonly INVALID_PINNED = 9;
  /** A pinned cross-domain record the block needs is missing. */
  static readonly MISSING_PINNED = 10;
  /** The genesis document cannot be composed into programs. */
  static readonly INVALID_GENESIS = 11;
  /** The application was used out of order (e.g. a commit without a finalized block). */
  static readonly APP_STATE = 12;
  /** The app's resume record is malformed, of another chain, or names roots its trees lack. */
  static readonly APP_RECORD = 13;
  /** A runtime message of a kind the UED does not execute (withdraw, registry, governance). */
  static readonly UNSUPPORTED_MESSAGE = 14;
  /** A write to a read-only view of a database (the UED worker's nodes seen from the main thread). */
  static readonly READ_ONLY = 15;
  /** One read of a committed UED value failed in the worker (only the callers of that key see it). */
  static readonly READ_FAILED = 16;
  /**
   * The UED's compact store cannot do what was asked: speculate (it keeps only the latest
   * version), resume from a height it went past without the stored outcome, or from a height it
   * never reached.
   */
  static readonly UED_STORE = 17;
  /** A resumed UED was handed a block other than the one it executed at that height. */
  static readonly JOB_MISMATCH = 18;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(DomainsError.MODULE, code, message, context);
    this.name = 'DomainsError';
  }
}

/** True for the failures of the UED runner itself (its worker died or was closed). */
export function isUedFailure(e: TandemError): boolean {
  return (
    e instanceof DomainsError && (e.code === DomainsError.WORKER_FAILED || e.code === DomainsError.CLOSED)
  );
}
