import { TandemError } from '../common/index.js';

/** Errors of the Merklized key-value store (module `mkvs`). */
export class MkvsError extends TandemError {
  static readonly MODULE = 'mkvs';
  static readonly KEY_TOO_LONG = 1;
  static readonly MALFORMED_NODE = 2;
  static readonly NODE_NOT_FOUND = 3;
  static readonly ROOT_NOT_FOUND = 4;
  static readonly PROOF_INVALID = 5;
  static readonly PROOF_ROOT_MISMATCH = 6;
  static readonly PROOF_TOO_DEEP = 7;
  static readonly PROOF_UNUSED_ENTRIES = 8;
  static readonly PROOF_VERSION = 9;
  static readonly NAMESPACE_MISMATCH = 10;
  static readonly VERSION_ORDER = 11;
  static readonly CLOSED = 12;
  static readonly MALFORMED_REQUEST = 13;
  static readonly WRITE_LOG = 14;
  static readonly COMMIT_MISMATCH = 15;
  static readonly SYNCER = 16;
  /** A state-sync chunk does not decode, breaks a bound or does not start where expected. */
  static readonly CHUNK_MALFORMED = 17;
  /** A chunk's entries differ from what its verified proof holds (tampered, missing, reordered). */
  static readonly CHUNK_MISMATCH = 18;
  /** A chunk's proof does not cover its entries, or does not show where the next chunk starts. */
  static readonly CHUNK_INCOMPLETE = 19;
  /** A state-log record (write log, snapshot chunk or manifest) does not decode or breaks a bound. */
  static readonly STATE_LOG_CORRUPT = 20;
  /** The state log misses a version between its snapshot and its logs, or between two logs. */
  static readonly STATE_LOG_GAP = 21;
  /** An earlier state-log write failed: the store must be reopened (and restored) before use. */
  static readonly STATE_LOG_WRITE = 22;
  /** A resident tree reached the most nodes or arena bytes it can address. */
  static readonly TREE_FULL = 23;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(MkvsError.MODULE, code, message, context);
    this.name = 'MkvsError';
  }
}
