import { TandemError } from '../errors.js';

/** Errors of the canonical CBOR layer (module `common/cbor`). */
export class CborError extends TandemError {
  static readonly MODULE = 'common/cbor';
  static readonly TOO_LARGE = 1;
  static readonly TOO_DEEP = 2;
  static readonly TOO_MANY_ITEMS = 3;
  static readonly TRUNCATED = 4;
  static readonly TRAILING_BYTES = 5;
  static readonly INDEFINITE_LENGTH = 6;
  static readonly TAG_NOT_ALLOWED = 7;
  static readonly FLOAT_NOT_ALLOWED = 8;
  static readonly NON_MINIMAL_INTEGER = 9;
  static readonly NON_CANONICAL = 10;
  static readonly DUPLICATE_KEY = 11;
  static readonly UNSUPPORTED_VALUE = 12;
  static readonly SCHEMA = 13;
  static readonly UNKNOWN_FIELD = 14;
  static readonly MALFORMED = 15;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(CborError.MODULE, code, message, context);
    this.name = 'CborError';
  }
}
