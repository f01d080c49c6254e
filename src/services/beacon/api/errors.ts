import { TandemError } from '../../../common/index.js';

/** Errors of the beacon service (module `beacon`). */
export class BeaconError extends TandemError {
  static readonly MODULE = 'beacon';
  /** Genesis document malformed (bad params, duplicate or invalid VRF keys). */
  static readonly INVALID_GENESIS = 1;
  /** Parameters out of range. */
  static readonly INVALID_PARAMS = 2;
  /** A VRF transaction on a chain whose beacon backend is not `vrf`. */
  static readonly WRONG_BACKEND = 3;
  /** A proof for another epoch than the current one. */
  static readonly WRONG_EPOCH = 4;
  /** A proof submitted before the epoch's proof delay has passed. */
  static readonly PROOF_TOO_EARLY = 5;
  /** A second proof from the same node in one epoch. */
  static readonly DUPLICATE_PROOF = 6;
  /** The signer has no VRF public key. */
  static readonly UNKNOWN_NODE = 7;
  /** The proof does not verify (the message says why). */
  static readonly INVALID_PROOF = 8;
  /** The beacon has no genesis state yet. */
  static readonly NOT_INITIALIZED = 9;
  /** A stored value does not decode. */
  static readonly CORRUPT_STATE = 10;
  /** No beacon value is stored for the asked epoch. */
  static readonly BEACON_UNAVAILABLE = 11;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(BeaconError.MODULE, code, message, context);
    this.name = 'BeaconError';
  }
}
