import { TandemError } from '../common/index.js';

/** Errors of the peer-to-peer layer (module `p2p`). */
export class P2pError extends TandemError {
  static readonly MODULE = 'p2p';
  /** A bad option: an unusable chain id, seed, multiaddr or limit. */
  static readonly INVALID_CONFIG = 1;
  /** The network is not started (or already stopped). */
  static readonly NOT_STARTED = 2;
  /** A topic or protocol already has a handler. */
  static readonly DUPLICATE_HANDLER = 3;
  /** A frame or message larger than the limit that applies to it. */
  static readonly OVERSIZED = 4;
  /** A frame that is truncated, has trailing bytes or does not decode. */
  static readonly MALFORMED = 5;
  /** A request got no answer in time. */
  static readonly TIMEOUT = 6;
  /** A request failed for another reason (dial failed, stream reset, remote handler failed). */
  static readonly REQUEST_FAILED = 7;
  /** A peer id that is not a valid libp2p peer id, or not an Ed25519 one. */
  static readonly INVALID_PEER = 8;
  /** Publishing a gossip message failed. */
  static readonly PUBLISH_FAILED = 9;
  /** The remote peer is not admitted for this topic or protocol, or is banned. */
  static readonly REFUSED = 10;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(P2pError.MODULE, code, message, context);
    this.name = 'P2pError';
  }
}
