/**
 * Numbered, typed errors. Every area defines one subclass of {@link TandemError} with its module
 * name and a table of codes, so an error keeps its identity across CBOR, JSON-RPC and RHP encoding
 * (`{module, code, message}` is exactly Oasis's error body).
 */

/** The wire form of an error, as carried in receipts, RHP `Error` bodies and JSON-RPC `data`. */
export interface WireError {
  module: string;
  code: number;
  message: string;
}

/** Base class of every error thrown by Tandem code. */
export class TandemError extends Error {
  /** Area that raised the error, e.g. `"common/cbor"`. */
  readonly module: string;
  /** Numeric code, unique within the module; 0 is never used. */
  readonly code: number;
  /** Structured details safe to log (never secrets). */
  readonly context: Readonly<Record<string, unknown>> | undefined;

  constructor(module: string, code: number, message: string, context?: Record<string, unknown>) {
    super(message);
    this.name = 'TandemError';
    this.module = module;
    this.code = code;
    this.context = context;
  }

  /** The encodable form; context is dropped on purpose (it may be large or local). */
  toWire(): WireError {
    return { module: this.module, code: this.code, message: this.message };
  }

  /** Rebuild an error received from another process or node. */
  static fromWire(w: WireError): TandemError {
    return new TandemError(w.module, w.code, w.message);
  }

  /** True when `err` is a Tandem error of the given module (and code, if given). */
  static is(err: unknown, module: string, code?: number): err is TandemError {
    return err instanceof TandemError && err.module === module && (code === undefined || err.code === code);
  }
}

/** Errors of the common layer itself (bytes, hex, keys, addresses, ids). */
export class CommonError extends TandemError {
  static readonly MODULE = 'common';
  static readonly INVALID_HEX = 1;
  static readonly INVALID_LENGTH = 2;
  static readonly INVALID_ADDRESS = 3;
  static readonly INVALID_NAMESPACE = 4;
  static readonly INVALID_KEY = 5;
  static readonly KEY_FILE = 6;
  static readonly INVALID_ARGUMENT = 7;
  static readonly INVALID_CONTEXT = 8;
  static readonly INVALID_SIGNATURE = 9;
  static readonly INVALID_BASE64 = 10;
  /** ECVRF: a public key that does not decode to a curve point, or is of small order. */
  static readonly VRF_INVALID_KEY = 20;
  /** ECVRF: a proof of the wrong length, with an undecodable Gamma, or a non-canonical s. */
  static readonly VRF_MALFORMED_PROOF = 21;
  /** ECVRF: a well-formed proof whose challenge does not match (wrong key, alpha or proof). */
  static readonly VRF_INVALID_PROOF = 22;
  /** ECVRF: a secret key or alpha of the wrong type or length. */
  static readonly VRF_INVALID_INPUT = 23;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(CommonError.MODULE, code, message, context);
    this.name = 'CommonError';
  }
}

/** Normalize anything thrown into a wire error; unknown errors become module `unknown`, code 1. */
export function toWireError(err: unknown): WireError {
  if (err instanceof TandemError) return err.toWire();
  const message = err instanceof Error ? err.message : String(err);
  return { module: 'unknown', code: 1, message };
}
