/** Method and event names of the registry service, its gas charges and fixed bounds. */

/** Service (module) name. */
export const REGISTRY_MODULE = 'registry';

/** `registry.RegisterEntity`: a Signed entity descriptor. */
export const METHOD_REGISTER_ENTITY = 'registry.RegisterEntity';
/** `registry.DeregisterEntity`: the signer's entity, which has no nodes or runtimes left. */
export const METHOD_DEREGISTER_ENTITY = 'registry.DeregisterEntity';
/** `registry.RegisterNode`: a MultiSigned node descriptor. */
export const METHOD_REGISTER_NODE = 'registry.RegisterNode';
/** `registry.UnfreezeNode {node_id}`: signed by the node's entity after the freeze ended. */
export const METHOD_UNFREEZE_NODE = 'registry.UnfreezeNode';
/** `registry.RegisterRuntime`: a runtime descriptor, signed (as a transaction) by its owner. */
export const METHOD_REGISTER_RUNTIME = 'registry.RegisterRuntime';

/** Gas of `registry.RegisterEntity` (each method's gas is charged before its handler runs). */
export const GAS_REGISTER_ENTITY = 1000n;
/** Gas of `registry.DeregisterEntity`. */
export const GAS_DEREGISTER_ENTITY = 1000n;
/** Gas of `registry.RegisterNode` (before maintenance gas). */
export const GAS_REGISTER_NODE = 1000n;
/** Gas of `registry.UnfreezeNode`. */
export const GAS_UNFREEZE_NODE = 1000n;
/** Gas of `registry.RegisterRuntime`. */
export const GAS_REGISTER_RUNTIME = 1000n;

/** Event `{id}`: an entity registered or updated. */
export const EVENT_ENTITY_REGISTERED = 'EntityRegistered';
/** Event `{id}`: an entity deregistered. */
export const EVENT_ENTITY_DEREGISTERED = 'EntityDeregistered';
/** Event `{id, entity_id, expiration}`: a node registered or updated. */
export const EVENT_NODE_REGISTERED = 'NodeRegistered';
/** Event `{id}`: a node unfrozen. */
export const EVENT_NODE_UNFROZEN = 'NodeUnfrozen';
/** Event `{id}`: a node seen expired by the epoch hook. */
export const EVENT_NODE_EXPIRED = 'NodeExpired';
/** Event `{id}`: an expired node removed after the debonding interval. */
export const EVENT_NODE_REMOVED = 'NodeRemoved';
/** Event `{id, entity_id}`: a runtime registered or updated. */
export const EVENT_RUNTIME_REGISTERED = 'RuntimeRegistered';

/** Entity descriptor version accepted (versions are Oasis's current ones). */
export const ENTITY_DESCRIPTOR_VERSION = 2;
/** Node descriptor version accepted. */
export const NODE_DESCRIPTOR_VERSION = 3;
/** Runtime descriptor version accepted. */
export const RUNTIME_DESCRIPTOR_VERSION = 3;

/** Largest encoded entity or node descriptor accepted, in bytes. */
export const MAX_DESCRIPTOR_SIZE = 64 * 1024;
/** Most nodes an entity may whitelist. */
export const MAX_ENTITY_NODES = 1024;
/** Most addresses per node endpoint. */
export const MAX_ADDRESSES = 16;
/** Longest address text. */
export const MAX_ADDRESS_LENGTH = 256;
/** Most runtimes a node may serve. */
export const MAX_NODE_RUNTIMES = 64;
/** Most deployments a runtime descriptor may carry. */
export const MAX_DEPLOYMENTS = 5;
/** Most entities in an admission whitelist. */
export const MAX_WHITELIST = 1024;
/** Most per-runtime thresholds and slashing entries. */
export const MAX_THRESHOLDS = 16;
/** Largest TEE attestation and extra-info blob. */
export const MAX_BLOB = 16 * 1024;
/** Largest epoch value (2^64 − 2; 2^64 − 1 is "invalid"). */
export const MAX_EPOCH = 0xfffffffffffffffen;
