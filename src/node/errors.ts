import { TandemError } from '../common/index.js';

/** Errors of the node assembly (module `node`). */
export class NodeError extends TandemError {
  static readonly MODULE = 'node';
  static readonly CONFIG = 1;
  static readonly GENESIS = 2;
  /** A wait (inclusion, execution) did not finish in time. */
  static readonly TIMEOUT = 3;
  /** The backend was closed; pending waits fail with this. */
  static readonly CLOSED = 4;
  /** The data asked for is not kept (e.g. a validator set too far in the past or the future). */
  static readonly UNAVAILABLE = 5;
  /** A caller passed an out-of-range argument. */
  static readonly INVALID_ARGUMENT = 6;
  /** A key file of the node is missing or unreadable. */
  static readonly KEYS = 7;
  /** A part of the node failed to start (stores, network, API, metrics). */
  static readonly STARTUP = 8;
  /** A node process of the local network failed or did not become ready. */
  static readonly CHILD = 9;
  /** The data directory is in use by a running node (its LevelDB is locked). */
  static readonly DATA_DIR_IN_USE = 10;
  /** A state-sync checkpoint fails a trust check (commit, domain hashes, UED reports, record). */
  static readonly STATE_SYNC_UNTRUSTED = 11;
  /** State sync found no peer that served a verified checkpoint (or the data dir is not fresh). */
  static readonly STATE_SYNC_FAILED = 12;
  /** A record of the node's own stores (e.g. the transaction archive) is malformed. */
  static readonly CORRUPT = 13;
  /** A gossiped batch of transactions is malformed, has too many or too large transactions. */
  static readonly TX_BATCH = 14;
  /** A background write of the app's resume record failed. */
  static readonly RECORD_IO = 15;
  /** The data dir holds its UED in the other store than the configured one (`ued.store`). */
  static readonly UED_STORE_MISMATCH = 16;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(NodeError.MODULE, code, message, context);
    this.name = 'NodeError';
  }
}
