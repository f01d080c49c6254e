import { TandemError, type WireError } from '../../common/index.js';

/** Errors of the Runtime Host Protocol (module `rhp`). */
export class RhpError extends TandemError {
  static readonly MODULE = 'rhp';
  /** A length prefix above the frame limit (refused before the body is read). */
  static readonly FRAME_TOO_LARGE = 1;
  /** The stream ended inside a frame. */
  static readonly FRAME_TRUNCATED = 2;
  /** The frame's body is not one canonical CBOR message of the expected shape. */
  static readonly MALFORMED_MESSAGE = 3;
  /** The frame's body decodes but is not the canonical encoding of what it holds. */
  static readonly NON_CANONICAL = 4;
  /** A body variant this side does not know or does not accept in this direction. */
  static readonly UNKNOWN_VARIANT = 5;
  /** `message_type` is neither request nor response, or does not match the body. */
  static readonly WRONG_MESSAGE_TYPE = 6;
  /** A request reused the id of a request still in flight. */
  static readonly DUPLICATE_REQUEST_ID = 7;
  /** A response names no request in flight. */
  static readonly UNKNOWN_RESPONSE_ID = 8;
  /** A response of the wrong variant for its request. */
  static readonly UNEXPECTED_RESPONSE = 9;
  /** The connection is closed (locally, by the peer, or after a violation). */
  static readonly CLOSED = 10;
  /** A call did not get its response in time. */
  static readonly TIMEOUT = 11;
  /** The peer answered with an `Error` body; `remote` holds its module, code and message. */
  static readonly REMOTE_ERROR = 12;
  /** The call or request is not allowed in the connection's current state. */
  static readonly NOT_READY = 13;
  /** No handler is registered for an incoming request. */
  static readonly NO_HANDLER = 14;
  /** The handshake's answer is unacceptable (protocol major version). */
  static readonly INCOMPATIBLE_VERSION = 15;
  /** The underlying stream failed. */
  static readonly STREAM = 16;
  /** A local value could not be encoded (a bug in the caller). */
  static readonly ENCODE = 17;
  /** A request id was reused by this side's own caller. */
  static readonly ID_IN_USE = 18;

  /** For {@link RhpError.REMOTE_ERROR}: the peer's error as received. */
  readonly remote: WireError | undefined;

  constructor(code: number, message: string, context?: Record<string, unknown>, remote?: WireError) {
    super(RhpError.MODULE, code, message, context);
    this.name = 'RhpError';
    this.remote = remote;
  }

  /** The error a call throws when the peer answered with an `Error` body. */
  static fromRemote(w: WireError): RhpError {
    return new RhpError(
      RhpError.REMOTE_ERROR,
      `remote error ${w.module}/${w.code}: ${w.message}`,
      { module: w.module, code: w.code },
      w,
    );
  }
}
