import { TandemError } from '../common/index.js';

/** Errors of the command line itself (module `cli`): bad files and arguments. */
export class CliError extends TandemError {
  static readonly MODULE = 'cli';
  static readonly BAD_FILE = 1;
  static readonly BAD_ARGUMENT = 2;
  static readonly FAILED = 3;
  /** The node's API cannot be reached. */
  static readonly UNREACHABLE = 4;
  /** A transaction was executed and failed; the message names the receipt's module and code. */
  static readonly TX_FAILED = 5;
  /** A wait for inclusion or execution ran out of time. */
  static readonly TIMEOUT = 6;
  /** The node does not hold what was asked for (e.g. a block above its height). */
  static readonly NOT_FOUND = 7;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(CliError.MODULE, code, message, context);
    this.name = 'CliError';
  }
}
