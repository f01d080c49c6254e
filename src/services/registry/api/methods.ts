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

/** Gas charged before each handler runs (maintenance gas comes on top, RT-23). */
export const GAS_REGISTER_ENTITY = 1000n;
export const GAS_DEREGISTER_ENTITY = 1000n;
export const GAS_REGISTER_NODE = 1000n;
export const GAS_UNFREEZE_NODE = 1000n;
export const GAS_REGISTER_RUNTIME = 1000n;

/** Events: `{id}` for entities, nodes and runtimes. */
export const EVENT_ENTITY_REGISTERED = 'EntityRegistered';
export const EVENT_ENTITY_DEREGISTERED = 'EntityDeregistered';
export const EVENT_NODE_REGISTERED = 'NodeRegistered';
export const EVENT_NODE_UNFROZEN = 'NodeUnfrozen';
export const EVENT_NODE_EXPIRED = 'NodeExpired';
export const EVENT_NODE_REMOVED = 'NodeRemoved';
export const EVENT_RUNTIME_REGISTERED = 'RuntimeRegistered';
export const EVENT_RUNTIME_SUSPENDED = 'RuntimeSuspended';
export const EVENT_RUNTIME_RESUMED = 'RuntimeResumed';

/** Descriptor versions accepted (Oasis's current ones). */
export const ENTITY_DESCRIPTOR_VERSION = 2;
export const NODE_DESCRIPTOR_VERSION = 3;
export const RUNTIME_DESCRIPTOR_VERSION = 3;

/** Largest encoded entity or node descriptor accepted, in bytes. */
export const MAX_DESCRIPTOR_SIZE = 64 * 1024;
/** Most nodes an entity may whitelist. */
export const MAX_ENTITY_NODES = 1024;
/** Most addresses per node endpoint, and the longest address text. */
export const MAX_ADDRESSES = 16;
export const MAX_ADDRESS_LENGTH = 256;
/** Most runtimes a node may serve. */
export const MAX_NODE_RUNTIMES = 64;
/** Most deployments a runtime descriptor may carry. */
export const MAX_DEPLOYMENTS = 5;
/** Most entities in an admission whitelist, thresholds, slashing entries. */
export const MAX_WHITELIST = 1024;
export const MAX_THRESHOLDS = 16;
/** Largest TEE attestation and extra-info blob. */
export const MAX_BLOB = 16 * 1024;
/** Largest epoch value (2^64 − 2; 2^64 − 1 is "invalid"). */
export const MAX_EPOCH = 0xfffffffffffffffen;
