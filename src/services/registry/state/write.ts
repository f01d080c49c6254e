/** Writable view of the registry's state; values are written canonically, indexes kept in step. */
import { encodeWith } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import {
  type Entity,
  entityCodec,
  type Node,
  type NodeStatus,
  nodeCodec,
  nodeSigningKeys,
  nodeStatusCodec,
  type RegistryParams,
  type Runtime,
  registryParamsCodec,
  runtimeCodec,
} from '../api/index.js';
import {
  entityKey,
  entityNodeKey,
  nodeKey,
  nodeKeyKey,
  nodeStatusKey,
  paramsKey,
  runtimeKey,
  suspendedKey,
} from './keys.js';
import { RegistryStateReader } from './read.js';
import { runtimeSuspensionCodec } from './records.js';

const EMPTY = new Uint8Array(0);

/** Writable view over a block's working state. */
export class RegistryStateWriter extends RegistryStateReader {
  constructor(private readonly state: KvState) {
    super(state);
  }

  /** Store the parameters. */
  setParams(p: RegistryParams): void {
    this.state.set(paramsKey, encodeWith(registryParamsCodec, p));
  }

  /** Store an entity. */
  setEntity(e: Entity): void {
    this.state.set(entityKey(e.id), encodeWith(entityCodec, e));
  }

  /** Delete an entity. */
  deleteEntity(id: Uint8Array): void {
    this.state.delete(entityKey(id));
  }

  /** Store a node, replacing `previous` (its key and entity index entries are dropped first). */
  setNode(n: Node, previous: Node | null): void {
    if (previous !== null) this.dropNodeIndexes(previous);
    this.state.set(nodeKey(n.id), encodeWith(nodeCodec, n));
    this.state.set(entityNodeKey(n.entity_id, n.id), EMPTY);
    for (const k of nodeSigningKeys(n)) this.state.set(nodeKeyKey(k), n.id);
  }

  /** Remove a node, its status and its index entries. */
  removeNode(n: Node): void {
    this.dropNodeIndexes(n);
    this.state.delete(nodeKey(n.id));
    this.state.delete(nodeStatusKey(n.id));
  }

  private dropNodeIndexes(n: Node): void {
    this.state.delete(entityNodeKey(n.entity_id, n.id));
    for (const k of nodeSigningKeys(n)) this.state.delete(nodeKeyKey(k));
  }

  /** Store a node's status. */
  setNodeStatus(id: Uint8Array, s: NodeStatus): void {
    this.state.set(nodeStatusKey(id), encodeWith(nodeStatusCodec, s));
  }

  /** Store a runtime. */
  setRuntime(rt: Runtime): void {
    this.state.set(runtimeKey(rt.id), encodeWith(runtimeCodec, rt));
  }

  /** Mark a runtime suspended since `epoch`. */
  setSuspended(id: Uint8Array, epoch: bigint): void {
    this.state.set(suspendedKey(id), encodeWith(runtimeSuspensionCodec, { since: epoch }));
  }

  /** Clear a runtime's suspension. */
  clearSuspended(id: Uint8Array): void {
    this.state.delete(suspendedKey(id));
  }
}
