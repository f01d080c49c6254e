import { TandemError } from '../../../common/index.js';

/** Errors of the system program (module `system`, codes 1–29). */
export class SystemError extends TandemError {
  static readonly MODULE = 'system';
  static readonly ACCOUNT_EXISTS = 1;
  static readonly ACCOUNT_NOT_LISTED = 2;
  static readonly SAME_DOMAIN = 3;
  static readonly INVALID_AMOUNT = 4;
  static readonly NO_DOMAIN_INFO = 5;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(SystemError.MODULE, code, message, context);
    this.name = 'SystemError';
  }
}
