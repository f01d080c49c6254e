import { TandemError } from '../../common/index.js';

/** Errors of the runtime SDK (module `sdk`): what a runtime built with it reports to its host. */
export class SdkError extends TandemError {
  static readonly MODULE = 'sdk';
  /** A transaction's bytes do not decode as a signed runtime transaction. */
  static readonly MALFORMED_TX = 1;
  /** A transaction is larger than the runtime accepts. */
  static readonly TX_TOO_LARGE = 2;
  /** The transaction's signature does not verify under the runtime's context. */
  static readonly INVALID_SIGNATURE = 3;
  /** The transaction's nonce is not its sender's next nonce. */
  static readonly INVALID_NONCE = 4;
  /** The transaction names a method the runtime does not declare. */
  static readonly UNKNOWN_METHOD = 5;
  /** The transaction's body does not match the method's codec. */
  static readonly INVALID_BODY = 6;
  /** A query names a query the runtime does not declare. */
  static readonly UNKNOWN_QUERY = 7;
  /** A query's arguments are not strict canonical CBOR. */
  static readonly INVALID_QUERY_ARGS = 8;
  /** The host's block is for another runtime, or the request is otherwise inconsistent. */
  static readonly INVALID_REQUEST = 9;
  /** A handler tried to emit more runtime messages than the round allows. */
  static readonly TOO_MANY_MESSAGES = 10;
  /** A handler's output or event could not be encoded. */
  static readonly ENCODE = 11;
  /** A state key is empty or too long. */
  static readonly INVALID_KEY = 12;
  /** The handshake was refused (wrong runtime id, bad chain context). */
  static readonly HANDSHAKE = 13;
  /** The current batch was aborted by the host. */
  static readonly ABORTED = 14;
  /** The runtime definition is invalid (bad id, version or names). */
  static readonly INVALID_DEFINITION = 15;
  /** `runRuntime` was started without `TANDEM_HOST_SOCKET` or could not connect. */
  static readonly NO_HOST = 16;
  /** A handler failed (its own error, recorded as the transaction's output). */
  static readonly HANDLER_FAILED = 17;
  /** A runtime transaction could not be built (bad arguments). */
  static readonly INVALID_ARGUMENT = 18;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(SdkError.MODULE, code, message, context);
    this.name = 'SdkError';
  }
}
