/**
 * Every key the registry writes, in one place. All keys start with the service prefix byte 0x52
 * ('R') followed by a record type byte:
 *
 * | key                                  | value                               |
 * |--------------------------------------|-------------------------------------|
 * | 52 01                                | params (RegistryParams)             |
 * | 52 02 ‖ entity id(32)                | entity descriptor (Entity)          |
 * | 52 03 ‖ node id(32)                  | node descriptor (Node)              |
 * | 52 04 ‖ node id(32)                  | node status (NodeStatus)            |
 * | 52 05 ‖ runtime id(32)               | runtime descriptor (Runtime)        |
 * | 52 06 ‖ runtime id(32)               | suspension (RuntimeSuspension)      |
 * | 52 07 ‖ entity id(32) ‖ node id(32)  | empty: the entity's registered nodes|
 * | 52 08 ‖ public key(32)               | node id using that key (32 bytes)   |
 * | 52 09 ‖ address(21)                  | escrow in the last stake snapshot   |
 *
 * Ids are fixed-length, so prefix iteration yields records in id order.
 */

import { concatBytes } from '../../../common/index.js';
import { StatePrefix } from '../../../consensus/index.js';
import { RegistryError } from '../api/index.js';

/** The registry's one-byte service prefix ('R'). */
export const REGISTRY_PREFIX: number = StatePrefix.registry;

const PARAMS = 0x01;
const ENTITY = 0x02;
const NODE = 0x03;
const NODE_STATUS = 0x04;
const RUNTIME = 0x05;
const SUSPENDED = 0x06;
const ENTITY_NODE = 0x07;
const NODE_KEY = 0x08;
const STAKE = 0x09;

const fixed = (type: number): Uint8Array => Uint8Array.of(REGISTRY_PREFIX, type);
const ID_LEN = 32;

/** Key of the parameters. */
export const paramsKey: Uint8Array = fixed(PARAMS);

/** Prefix of entities. */
export const entityPrefix: Uint8Array = fixed(ENTITY);
/** Prefix of node descriptors. */
export const nodePrefix: Uint8Array = fixed(NODE);
/** Prefix of node statuses. */
export const nodeStatusPrefix: Uint8Array = fixed(NODE_STATUS);
/** Prefix of runtime descriptors. */
export const runtimePrefix: Uint8Array = fixed(RUNTIME);
/** Prefix of runtime suspensions. */
export const suspendedPrefix: Uint8Array = fixed(SUSPENDED);

/** Key of an entity. */
export const entityKey = (id: Uint8Array): Uint8Array => concatBytes(entityPrefix, id);
/** Key of a node descriptor. */
export const nodeKey = (id: Uint8Array): Uint8Array => concatBytes(nodePrefix, id);
/** Key of a node's status. */
export const nodeStatusKey = (id: Uint8Array): Uint8Array => concatBytes(nodeStatusPrefix, id);
/** Key of a runtime descriptor. */
export const runtimeKey = (id: Uint8Array): Uint8Array => concatBytes(runtimePrefix, id);
/** Key of a runtime's suspension record. */
export const suspendedKey = (id: Uint8Array): Uint8Array => concatBytes(suspendedPrefix, id);

/** Prefix of an entity's node index. */
export const entityNodesPrefix = (entity: Uint8Array): Uint8Array => concatBytes(fixed(ENTITY_NODE), entity);
/** Key of one entry of an entity's node index. */
export const entityNodeKey = (entity: Uint8Array, node: Uint8Array): Uint8Array =>
  concatBytes(fixed(ENTITY_NODE), entity, node);
/** Key of the "public key in use" index. */
export const nodeKeyKey = (pub: Uint8Array): Uint8Array => concatBytes(fixed(NODE_KEY), pub);

/** Prefix of the owners' escrows of the last stake snapshot. */
export const stakePrefix: Uint8Array = fixed(STAKE);
/** Key of an owner's escrow in the last stake snapshot. */
export const stakeKey = (address: Uint8Array): Uint8Array => concatBytes(stakePrefix, address);

/** The 32-byte id after a record prefix of `prefixLen` bytes; CORRUPT_STATE if the key is malformed. */
export function idFromKey(key: Uint8Array, prefixLen = 2): Uint8Array {
  if (key.length !== prefixLen + ID_LEN) {
    throw new RegistryError(RegistryError.CORRUPT_STATE, `registry state: key of ${key.length} bytes`);
  }
  return key.slice(prefixLen);
}
