import { TandemError, type WireError } from '../common/index.js';

/** Errors of the API client (module `client`). A remote error keeps its module and code. */
export class ClientError extends TandemError {
  static readonly MODULE = 'client';
  /** The server answered with an HTTP status and no JSON-RPC body. */
  static readonly HTTP = 1;
  static readonly TIMEOUT = 2;
  /** The server answered with a JSON-RPC error; see {@link rpcCode} and {@link remote}. */
  static readonly RPC = 3;
  /** A response that is not JSON-RPC or does not decode to the declared type. */
  static readonly BAD_RESPONSE = 4;
  /** The WebSocket failed or closed. */
  static readonly WS = 5;
  static readonly CLOSED = 6;
  static readonly INVALID_ARGUMENT = 7;
  /** The server could not be reached. */
  static readonly NETWORK = 8;

  /** The JSON-RPC error code, for {@link ClientError.RPC}. */
  readonly rpcCode: number | undefined;
  /** The remote Tandem error (`data` of the JSON-RPC error), when the server sent one. */
  readonly remote: WireError | undefined;

  constructor(
    code: number,
    message: string,
    extra?: { rpcCode?: number; remote?: WireError; context?: Record<string, unknown> },
  ) {
    super(ClientError.MODULE, code, message, extra?.context);
    this.name = 'ClientError';
    this.rpcCode = extra?.rpcCode;
    this.remote = extra?.remote;
  }

  /** True when the remote error has this module (and code, if given). */
  isRemote(module: string, code?: number): boolean {
    return this.remote?.module === module && (code === undefined || this.remote.code === code);
  }
}
