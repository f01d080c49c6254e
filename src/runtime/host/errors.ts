import { TandemError } from '../../common/index.js';

/** Errors of the runtime host (module `host`). */
export class HostError extends TandemError {
  static readonly MODULE = 'host';
  /** The runtime dir, socket or process could not be set up. */
  static readonly START_FAILED = 1;
  /** The runtime did not connect to the host socket in time. */
  static readonly CONNECT_TIMEOUT = 2;
  /** The runtime did not answer `RuntimeInfoRequest` in time. */
  static readonly HANDSHAKE_TIMEOUT = 3;
  /** The handshake failed for another reason (error answer, closed connection). */
  static readonly HANDSHAKE_FAILED = 4;
  /** The runtime speaks an RHP major version the host does not. */
  static readonly PROTOCOL_VERSION = 5;
  /** The runtime reports a version other than its bundle manifest's. */
  static readonly RUNTIME_VERSION = 6;
  /** The runtime process exited. */
  static readonly PROCESS_EXITED = 7;
  /** The runtime broke the protocol or closed its connection. */
  static readonly CONNECTION_LOST = 8;
  /** A watchdog ping was not answered in time. */
  static readonly PING_TIMEOUT = 9;
  /** The runtime did not acknowledge an abort in time; it was killed. */
  static readonly ABORT_FAILED = 10;
  /** No ready runtime to call (starting, restarting or stopped). */
  static readonly NOT_READY = 11;
  /** `start` on a host that is already started. */
  static readonly ALREADY_STARTED = 12;
  /** The host was stopped while the operation was under way. */
  static readonly STOPPED = 13;
  /** The host gave up restarting the runtime. */
  static readonly GAVE_UP = 14;
  /** An invalid option or manifest value. */
  static readonly INVALID_ARGUMENT = 15;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(HostError.MODULE, code, message, context);
    this.name = 'HostError';
  }
}
