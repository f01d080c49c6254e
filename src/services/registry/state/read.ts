/** Read-only view of the registry's state; every stored value is decoded strictly. */
import { type Codec, decodeWith, TandemError } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import {
  type Entity,
  entityCodec,
  type Node,
  type NodeStatus,
  nodeCodec,
  nodeStatusCodec,
  RegistryError,
  type RegistryParams,
  type Runtime,
  registryParamsCodec,
  runtimeCodec,
} from '../api/index.js';
import {
  entityKey,
  entityNodesPrefix,
  entityPrefix,
  idFromKey,
  nodeKey,
  nodeKeyKey,
  nodePrefix,
  nodeStatusKey,
  paramsKey,
  runtimeKey,
  runtimePrefix,
  suspendedKey,
  suspendedPrefix,
} from './keys.js';
import { type RuntimeSuspension, runtimeSuspensionCodec } from './records.js';

/** The part of {@link KvState} a reader needs. */
export type KvReader = Pick<KvState, 'get' | 'entries'>;

function decodeStored<T>(codec: Codec<T>, raw: Uint8Array): T {
  try {
    return decodeWith(codec, raw);
  } catch (e) {
    const why = e instanceof TandemError ? e.message : String(e);
    throw new RegistryError(RegistryError.CORRUPT_STATE, `registry state: ${codec.name}: ${why}`);
  }
}

/** Read-only view over a KV state (a snapshot or a block's working state); also the query API. */
export class RegistryStateReader {
  constructor(protected readonly kv: KvReader) {}

  protected async record<T>(key: Uint8Array, codec: Codec<T>): Promise<T | null> {
    const raw = await this.kv.get(key);
    return raw === null ? null : decodeStored(codec, raw);
  }

  protected async list<T>(prefix: Uint8Array, codec: Codec<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const [, v] of this.kv.entries(prefix)) out.push(decodeStored(codec, v));
    return out;
  }

  /** The parameters, or null before genesis. */
  paramsOrNull(): Promise<RegistryParams | null> {
    return this.record(paramsKey, registryParamsCodec);
  }

  /** The parameters; NOT_INITIALIZED before genesis. */
  async params(): Promise<RegistryParams> {
    const p = await this.paramsOrNull();
    if (p === null) throw new RegistryError(RegistryError.NOT_INITIALIZED, 'registry: no genesis state');
    return p;
  }

  /** An entity, or null. */
  entity(id: Uint8Array): Promise<Entity | null> {
    return this.record(entityKey(id), entityCodec);
  }

  /** All entities in id order. */
  entities(): Promise<Entity[]> {
    return this.list(entityPrefix, entityCodec);
  }

  /** A node descriptor, or null. */
  node(id: Uint8Array): Promise<Node | null> {
    return this.record(nodeKey(id), nodeCodec);
  }

  /** All nodes (expired ones included until removal) in id order. */
  nodes(): Promise<Node[]> {
    return this.list(nodePrefix, nodeCodec);
  }

  /** A node's status, or null. */
  nodeStatus(id: Uint8Array): Promise<NodeStatus | null> {
    return this.record(nodeStatusKey(id), nodeStatusCodec);
  }

  /** Ids of the nodes registered under `entity`, in id order. */
  async entityNodeIds(entity: Uint8Array): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for await (const [k] of this.kv.entries(entityNodesPrefix(entity))) out.push(idFromKey(k, 34));
    return out;
  }

  /** The node using public key `pub`, or null. */
  async keyOwner(pub: Uint8Array): Promise<Uint8Array | null> {
    const v = await this.kv.get(nodeKeyKey(pub));
    if (v !== null && v.length !== 32) {
      throw new RegistryError(RegistryError.CORRUPT_STATE, 'registry state: key index value');
    }
    return v;
  }

  /** A runtime descriptor (suspended or not), or null. */
  runtime(id: Uint8Array): Promise<Runtime | null> {
    return this.record(runtimeKey(id), runtimeCodec);
  }

  /** All runtimes (suspended ones included) in id order. */
  runtimes(): Promise<Runtime[]> {
    return this.list(runtimePrefix, runtimeCodec);
  }

  /** A runtime's suspension record, or null when it is not suspended. */
  suspension(id: Uint8Array): Promise<RuntimeSuspension | null> {
    return this.record(suspendedKey(id), runtimeSuspensionCodec);
  }

  /** Ids of the suspended runtimes, in id order. */
  async suspendedRuntimeIds(): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for await (const [k] of this.kv.entries(suspendedPrefix)) out.push(idFromKey(k));
    return out;
  }
}
