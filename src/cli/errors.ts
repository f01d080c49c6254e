import { TandemError } from '../common/index.js';

/** Errors of the command line itself (module `cli`): bad files and arguments. */
export class CliError extends TandemError {
  static readonly MODULE = 'cli';
  static readonly BAD_FILE = 1;
  static readonly BAD_ARGUMENT = 2;
  static readonly FAILED = 3;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(CliError.MODULE, code, message, context);
    this.name = 'CliError';
  }
}
