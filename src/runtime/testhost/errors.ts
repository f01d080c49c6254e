import { TandemError } from '../../common/index.js';

/** Errors of the local test host (module `testhost`). */
export class TestHostError extends TandemError {
  static readonly MODULE = 'testhost';
  /** The runtime asked for something the test host does not serve. */
  static readonly UNSUPPORTED = 1;
  /** The runtime's results do not follow the current block (round, previous hash). */
  static readonly WRONG_PARENT = 2;
  /** Applying the state write log does not give the state root the runtime claimed. */
  static readonly STATE_ROOT_MISMATCH = 3;
  /** The IO write log does not give the IO root the runtime claimed. */
  static readonly IO_ROOT_MISMATCH = 4;
  /** The messages do not hash to the claimed messages hash. */
  static readonly MESSAGES_HASH_MISMATCH = 5;
  /** The state directory holds something unreadable. */
  static readonly STATE_DIR = 6;
  /** A line given to the CLI is not a valid transaction or query. */
  static readonly BAD_LINE = 7;
  /** The host is closed. */
  static readonly CLOSED = 8;
  /** The host was asked to start without a bundle or with bad options. */
  static readonly INVALID_ARGUMENT = 9;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(TestHostError.MODULE, code, message, context);
    this.name = 'TestHostError';
  }
}
