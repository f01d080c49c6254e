import { TandemError } from '../../common/index.js';

/** Errors of the BFT consensus engine and its mempool (module `bft`). */
export class BftError extends TandemError {
  static readonly MODULE = 'bft';
  // 100–119: mempool.
  static readonly MEMPOOL_OPTIONS = 100;
  static readonly TX_MALFORMED = 101;
  static readonly TX_TOO_LARGE = 102;
  static readonly TX_DUPLICATE = 103;
  static readonly TX_REJECTED = 104;
  static readonly TX_CHECK_INVALID = 105;
  static readonly TX_REPLACEMENT_UNDERPRICED = 106;
  static readonly SENDER_FULL = 107;
  static readonly POOL_FULL = 108;
  static readonly MEMPOOL_ARGUMENT = 109;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(BftError.MODULE, code, message, context);
    this.name = 'BftError';
  }
}
