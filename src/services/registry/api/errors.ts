import { TandemError } from '../../../common/index.js';

/** Errors of the registry service (module `registry`, codes 1–59). */
export class RegistryError extends TandemError {
  static readonly MODULE = 'registry';
  /** Genesis document malformed or one of its descriptors invalid (the message says which). */
  static readonly INVALID_GENESIS = 1;
  /** Parameters out of range. */
  static readonly INVALID_PARAMS = 2;
  /** The registry has no genesis state yet. */
  static readonly NOT_INITIALIZED = 3;
  /** A stored value does not decode. */
  static readonly CORRUPT_STATE = 4;
  /** A descriptor does not decode, is not canonical, is oversized or has an unknown version. */
  static readonly MALFORMED_DESCRIPTOR = 5;
  /** A signature does not verify. */
  static readonly INVALID_SIGNATURE = 6;
  /** The transaction signer is not the key the method requires. */
  static readonly INCORRECT_TX_SIGNER = 7;

  /** No such entity. */
  static readonly ENTITY_NOT_FOUND = 10;
  /** The entity still has registered nodes. */
  static readonly ENTITY_HAS_NODES = 11;
  /** The entity still owns runtimes. */
  static readonly ENTITY_HAS_RUNTIMES = 12;
  /** Entity descriptor invalid (e.g. a node listed twice). */
  static readonly INVALID_ENTITY = 13;

  /** No such node. */
  static readonly NODE_NOT_FOUND = 20;
  /** The node's entity does not list the node id. */
  static readonly NODE_NOT_WHITELISTED = 21;
  /** No role, or a reserved role bit set. */
  static readonly INVALID_ROLES = 22;
  /** Expiration not in (epoch, epoch + max_node_expiration]. */
  static readonly INVALID_EXPIRATION = 23;
  /** Too many or malformed addresses. */
  static readonly INVALID_ADDRESS = 24;
  /** Node keys not distinct, or a key already used by another node. */
  static readonly INVALID_NODE_KEYS = 25;
  /** The signer set is not exactly the keys the descriptor names. */
  static readonly SIGNERS_MISMATCH = 26;
  /** A re-registration changes what may not change (entity, or lowers the expiration). */
  static readonly NODE_UPDATE_NOT_ALLOWED = 27;
  /** `UnfreezeNode` on a node that is not frozen. */
  static readonly NODE_NOT_FROZEN = 28;
  /** `UnfreezeNode` before the freeze ended. */
  static readonly NODE_STILL_FROZEN = 29;
  /** Runtimes served invalid: listed twice, unknown, or missing for the node's roles. */
  static readonly INVALID_NODE_RUNTIMES = 30;
  /** The runtime's admission policy refuses the node. */
  static readonly NODE_NOT_ADMITTED = 31;
  /** The owner's escrow does not cover its thresholds. */
  static readonly INSUFFICIENT_STAKE = 32;
  /** TEE capability invalid or not matching the runtime. */
  static readonly INVALID_TEE = 33;

  /** Runtime id with reserved flag bits, or flags not matching the kind (RT-3). */
  static readonly INVALID_RUNTIME_ID = 40;
  /** A test runtime while `allow_test_runtimes` is off (RT-3). */
  static readonly TEST_RUNTIME_NOT_ALLOWED = 41;
  /** Unknown runtime kind. */
  static readonly INVALID_RUNTIME_KIND = 42;
  /** Executor parameters violate §4 validity. */
  static readonly INVALID_EXECUTOR_PARAMS = 43;
  /** Transaction scheduler parameters out of §6 bounds. */
  static readonly INVALID_TXN_SCHEDULER_PARAMS = 44;
  /** Storage parameters invalid (committee or checkpoints). */
  static readonly INVALID_STORAGE_PARAMS = 45;
  /** Admission policy invalid. */
  static readonly INVALID_ADMISSION_POLICY = 46;
  /** Staking parameters invalid. */
  static readonly INVALID_STAKING_PARAMS = 47;
  /** Governance model unknown or not allowed here. */
  static readonly INVALID_GOVERNANCE = 48;
  /** Deployments empty, unordered, too many, or rewriting the past. */
  static readonly INVALID_DEPLOYMENTS = 49;
  /** An update changes what may not change, or comes from someone other than the owner. */
  static readonly RUNTIME_UPDATE_NOT_ALLOWED = 50;
  /** No such runtime. */
  static readonly RUNTIME_NOT_FOUND = 51;
  /** Key manager reference invalid. */
  static readonly INVALID_KEY_MANAGER = 52;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(RegistryError.MODULE, code, message, context);
    this.name = 'RegistryError';
  }
}
