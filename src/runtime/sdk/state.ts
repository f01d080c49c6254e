/**
 * Runtime state as handlers see it. The batch's state is an MKVS tree whose nodes come from the
 * host through `HostStorageSyncRequest`, each proof verified against the root of the block the
 * host named (a host cannot feed the runtime state that is not under that root). Each transaction
 * writes into an overlay that is applied to the tree only when its handler succeeds.
 *
 * Key space: user keys live under the byte `0x01`; the SDK keeps each sender's next nonce under
 * `0x00 ‖ address` (u64 big-endian), so no handler can touch nonces.
 */
import { bytesKey, concatBytes, readU64be } from '../../common/index.js';
import {
  type GetPrefixesRequest,
  type GetRequest,
  type IterateRequest,
  MAX_KEY_BYTES,
  MemoryNodeDB,
  type ProofResponse,
  type ReadSyncer,
  RootType,
  Tree,
} from '../../mkvs/index.js';
import { type BlockHeader, type Connection, StorageEndpoint } from '../rhp/index.js';
import type { StateAccess, StateReader } from './define.js';
import { SdkError } from './errors.js';
import { HostFetcher, type NodeCache } from './fetcher.js';

const USER = Uint8Array.of(0x01);
const NONCE = Uint8Array.of(0x00);
/** Prefix of user keys in the state tree (handlers see keys without it). */
export const USER_KEY_PREFIX = 0x01;

/** Reads the runtime's state from the host over RHP. */
export class HostReadSyncer implements ReadSyncer {
  constructor(private readonly conn: Connection) {}

  syncGet(req: GetRequest): Promise<ProofResponse> {
    return this.conn.request('HostStorageSyncRequest', {
      endpoint: StorageEndpoint.RuntimeState,
      SyncGet: req,
    });
  }

  syncGetPrefixes(req: GetPrefixesRequest): Promise<ProofResponse> {
    return this.conn.request('HostStorageSyncRequest', {
      endpoint: StorageEndpoint.RuntimeState,
      SyncGetPrefixes: req,
    });
  }

  syncIterate(req: IterateRequest): Promise<ProofResponse> {
    return this.conn.request('HostStorageSyncRequest', {
      endpoint: StorageEndpoint.RuntimeState,
      SyncIterate: req,
    });
  }
}

/** The state tree at a block's state root, read through `syncer` with verified proofs. */
export function stateTreeAt(syncer: ReadSyncer, header: BlockHeader, cache: NodeCache): Tree {
  const root = {
    ns: header.namespace,
    version: header.round,
    root_type: RootType.State,
    hash: header.state_root,
  };
  return new Tree({
    db: new MemoryNodeDB(),
    rootHash: root.hash,
    remote: new HostFetcher(syncer, root, cache),
  });
}

function userKey(key: Uint8Array): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length === 0 || key.length >= MAX_KEY_BYTES) {
    throw new SdkError(SdkError.INVALID_KEY, `state keys must be 1..${MAX_KEY_BYTES - 1} bytes`);
  }
  return concatBytes(USER, key);
}

/** Read-only user view of a tree. */
export function readerOf(tree: { get(k: Uint8Array): Promise<Uint8Array | null> }): StateReader {
  return { get: (k) => tree.get(userKey(k)) };
}

/** Uncommitted writes of one transaction over the batch's tree. */
export class Overlay implements StateAccess {
  // Made on the first write: one overlay per transaction, and reads-only handlers need none.
  private writes: Map<string, Write> | undefined;

  constructor(private readonly tree: Tree) {}

  async get(key: Uint8Array): Promise<Uint8Array | null> {
    const k = userKey(key);
    const w = this.writes?.get(bytesKey(k));
    return w ? w.value : this.tree.get(k);
  }

  async insert(key: Uint8Array, value: Uint8Array): Promise<void> {
    const k = userKey(key);
    if (!(value instanceof Uint8Array))
      throw new SdkError(SdkError.INVALID_ARGUMENT, 'state values must be bytes');
    this.writes ??= new Map();
    this.writes.set(bytesKey(k), { key: k, value: new Uint8Array(value) });
  }

  async remove(key: Uint8Array): Promise<void> {
    const k = userKey(key);
    this.writes ??= new Map();
    this.writes.set(bytesKey(k), { key: k, value: null });
  }

  /**
   * Apply the writes to the tree, in the order made (the handler succeeded). Inserts whose path
   * is in memory are done at once; undefined when all were, else a promise for the rest (no
   * promise per transaction on the hot path).
   */
  commit(): Promise<void> | undefined {
    const w = this.writes;
    if (w === undefined) return undefined;
    this.writes = undefined;
    const list = [...w.values()];
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      if (e.value === null || !this.tree.insertNow(e.key, e.value)) return this.commitFrom(list, i);
    }
    return undefined;
  }

  private async commitFrom(list: readonly Write[], from: number): Promise<void> {
    for (let i = from; i < list.length; i++) {
      const { key, value } = list[i]!;
      if (value === null) await this.tree.remove(key);
      else await this.tree.insert(key, value);
    }
  }
}

/** A key written in an overlay, and its new value (null: removed). */
interface Write {
  readonly key: Uint8Array;
  readonly value: Uint8Array | null;
}

/** The state key of `sender`'s next nonce. */
export function nonceKey(sender: Uint8Array): Uint8Array {
  return concatBytes(NONCE, sender);
}

/** The next nonce `sender` must use (0 for a new sender). */
export async function readNonce(tree: Tree, sender: Uint8Array): Promise<bigint> {
  const v = await tree.get(nonceKey(sender));
  return v === null || v.length !== 8 ? 0n : readU64be(v);
}
