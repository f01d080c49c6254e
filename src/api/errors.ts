import { TandemError, type WireError } from '../common/index.js';

/** Errors of the JSON-RPC API (module `api`). */
export class ApiError extends TandemError {
  static readonly MODULE = 'api';
  /** The body is not JSON. */
  static readonly PARSE_ERROR = 1;
  /** Not a JSON-RPC 2.0 request object (or an empty batch). */
  static readonly INVALID_REQUEST = 2;
  static readonly METHOD_NOT_FOUND = 3;
  static readonly INVALID_PARAMS = 4;
  /** A backend failure that is not a Tandem error; its details stay in the local log. */
  static readonly INTERNAL = 5;
  static readonly RATE_LIMITED = 6;
  static readonly BATCH_TOO_LARGE = 7;
  static readonly PAYLOAD_TOO_LARGE = 8;
  static readonly TOO_MANY_SUBSCRIPTIONS = 9;
  static readonly TOO_MANY_WAITERS = 10;
  static readonly UNKNOWN_SUBSCRIPTION = 11;
  /** Subscriptions need the WebSocket endpoint. */
  static readonly NOT_SUPPORTED = 12;
  /** A JSON value that does not match its declared encoding (used by decoders and the client). */
  static readonly MALFORMED_VALUE = 13;
  static readonly LISTEN = 14;
  static readonly CLOSED = 15;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(ApiError.MODULE, code, message, context);
    this.name = 'ApiError';
  }
}

/** JSON-RPC 2.0 error codes used by the API. */
export const RpcCode = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL: -32603,
  /** Any other Tandem error; `data` carries its module, code and message. */
  APPLICATION: -32000,
  RATE_LIMITED: -32005,
} as const;

/** The `error` member of a JSON-RPC response. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data?: WireError;
}

const PROTOCOL: ReadonlyMap<number, number> = new Map([
  [ApiError.PARSE_ERROR, RpcCode.PARSE_ERROR],
  [ApiError.INVALID_REQUEST, RpcCode.INVALID_REQUEST],
  [ApiError.BATCH_TOO_LARGE, RpcCode.INVALID_REQUEST],
  [ApiError.PAYLOAD_TOO_LARGE, RpcCode.INVALID_REQUEST],
  [ApiError.METHOD_NOT_FOUND, RpcCode.METHOD_NOT_FOUND],
  [ApiError.INVALID_PARAMS, RpcCode.INVALID_PARAMS],
  [ApiError.INTERNAL, RpcCode.INTERNAL],
  [ApiError.RATE_LIMITED, RpcCode.RATE_LIMITED],
]);

/**
 * Map anything thrown by a handler to a JSON-RPC error. Tandem errors keep their identity in
 * `data`; anything else becomes a bare -32603 so that no message or stack of an unexpected
 * exception reaches the caller.
 */
export function toRpcError(err: unknown): RpcErrorObject {
  if (!(err instanceof TandemError)) return { code: RpcCode.INTERNAL, message: 'internal error' };
  const data = err.toWire();
  const proto = err.module === ApiError.MODULE ? PROTOCOL.get(err.code) : undefined;
  if (proto !== undefined) return { code: proto, message: err.message, data };
  return { code: RpcCode.APPLICATION, message: err.message, data };
}
