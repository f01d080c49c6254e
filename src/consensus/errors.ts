import { TandemError } from '../common/index.js';

/**
 * Errors of the consensus layer's state machine (module `consensus`, codes 1–59): transactions,
 * accounts and mappings, the block executor, genesis and the clock rule. A failed transaction's
 * receipt carries the module and code of what failed it.
 */
export class ConsensusError extends TandemError {
  static readonly MODULE = 'consensus';
  // Transaction decoding (1–19).
  static readonly MALFORMED_TX = 1;
  static readonly TX_TOO_LARGE = 2;
  static readonly INVALID_SIGNATURE = 3;
  static readonly INVALID_METHOD = 4;
  static readonly TOO_MANY_ACCOUNTS = 5;
  static readonly FEE_PAYER_NOT_FIRST = 6;
  static readonly DUPLICATE_ACCOUNT = 7;
  static readonly INVALID_BODY = 8;
  // Execution (20–39).
  static readonly INVALID_NONCE = 20;
  static readonly INSUFFICIENT_BALANCE = 21;
  static readonly OUT_OF_GAS = 22;
  static readonly UNKNOWN_METHOD = 23;
  static readonly ACCOUNT_NOT_IN_DOMAIN = 24;
  static readonly PROGRAM_WRITABLE = 25;
  static readonly ACCOUNT_NOT_WRITABLE = 26;
  static readonly AMOUNT_OVERFLOW = 27;
  static readonly INVALID_AMOUNT = 28;
  static readonly ACCOUNT_FROZEN = 29;
  static readonly METHOD_NOT_IN_DOMAIN = 30;
  static readonly INVALID_KEY = 31;
  static readonly CORRUPT_STATE = 32;
  static readonly INVALID_BLOCK = 33;
  static readonly INVALID_BLOCK_TIME = 34;
  static readonly INVALID_SERVICES = 35;
  // Accounts and mappings (40–49).
  static readonly INVALID_MAPPING = 40;
  static readonly REMAP_NOT_ALLOWED = 41;
  static readonly ACCOUNT_EXISTS = 42;
  // Genesis (50–59).
  static readonly INVALID_GENESIS = 50;
  static readonly GENESIS_FILE = 51;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(ConsensusError.MODULE, code, message, context);
    this.name = 'ConsensusError';
  }
}
