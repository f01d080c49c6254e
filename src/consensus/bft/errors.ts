import { TandemError } from '../../common/index.js';

/** Errors of the BFT consensus engine and its mempool and durable stores (module `bft`). */
export class BftError extends TandemError {
  static readonly MODULE = 'bft';
  // 1–99: engine, messages, blocks, signing.
  static readonly MALFORMED_MESSAGE = 1;
  static readonly UNKNOWN_VALIDATOR = 3;
  static readonly INVALID_BLOCK = 5;
  static readonly INVALID_COMMIT = 6;
  static readonly DOUBLE_SIGN_REFUSED = 7;
  static readonly INVALID_VALIDATOR_SET = 8;
  static readonly INVALID_EVIDENCE = 9;
  static readonly BLOCK_SYNC = 10;
  static readonly CONFIG = 11;
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
  // 120–139: durable stores (write-ahead log, last-signed state, block store).
  static readonly WAL_CORRUPT = 120;
  static readonly WAL_RECORD_TOO_LARGE = 121;
  static readonly WAL_IO = 122;
  static readonly STORE_CLOSED = 123;
  static readonly SIGN_STATE_CORRUPT = 124;
  static readonly SIGN_STATE_IO = 125;
  static readonly BLOCK_NOT_CONTIGUOUS = 126;
  static readonly BLOCK_CONFLICT = 127;
  static readonly BLOCK_STORE_CORRUPT = 128;
  static readonly BLOCK_STORE_IO = 129;
  static readonly INVALID_HEIGHT = 130;
  static readonly SIGN_STATE_TOO_LARGE = 131;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(BftError.MODULE, code, message, context);
    this.name = 'BftError';
  }
}
