/**
 * The runtime state a local test host keeps: an MKVS node database (LevelDB in a state dir, or
 * memory) and the current runtime block header. It serves the runtime's storage sync requests
 * with proofs, and accepts a computed batch only if the write logs reproduce the roots the
 * runtime claimed; then it commits and advances the block.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bytesEqual,
  decodeWith,
  EMPTY_HASH,
  encodeWith,
  hash,
  hashCanonicalList,
  toHex,
} from '../../common/index.js';
import {
  LevelNodeDB,
  LocalReadSyncer,
  MemoryNodeDB,
  type NodeDB,
  RootType,
  Tree,
  type TreeID,
} from '../../mkvs/index.js';
import {
  type BlockHeader,
  blockHeaderCodec,
  type ComputedBatch,
  type ComputeResultsHeader,
} from '../rhp/index.js';
import { freshTreeRoot } from '../sdk/index.js';
import { TestHostError } from './errors.js';

const HEAD_FILE = 'head.cbor';

/** The genesis block header of a runtime with an empty state. */
export function genesisHeader(runtimeId: Uint8Array): BlockHeader {
  return {
    version: 0,
    namespace: new Uint8Array(runtimeId),
    round: 0n,
    timestamp: 0n,
    header_type: 1,
    previous_hash: EMPTY_HASH,
    io_root: EMPTY_HASH,
    state_root: EMPTY_HASH,
    messages_hash: EMPTY_HASH,
    in_msgs_hash: EMPTY_HASH,
  };
}

/** Hash of a runtime block header. */
export function headerHash(h: BlockHeader): Uint8Array {
  return hash(encodeWith(blockHeaderCodec, h));
}

/**
 * The block that follows `parent` when results with header `h` are accepted. Only what the
 * results claim goes in (no clock): two hosts fed the same batches build the same chain, and a
 * pipelined executor can hand the next batch the block the current one will produce.
 */
export function childHeader(parent: BlockHeader, h: ComputeResultsHeader): BlockHeader {
  return {
    ...parent,
    round: h.round,
    timestamp: h.round,
    header_type: 1,
    previous_hash: h.previous_hash,
    io_root: h.io_root ?? EMPTY_HASH,
    state_root: h.state_root ?? EMPTY_HASH,
    messages_hash: h.messages_hash ?? EMPTY_HASH,
    in_msgs_hash: h.in_msgs_hash ?? EMPTY_HASH,
  };
}

/** State and head block of one runtime, on disk or in memory. */
export class LocalState {
  readonly syncer: LocalReadSyncer;
  /** The batch being checked and committed, if any (storage reads wait for it). */
  private applying: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly db: NodeDB,
    private headHeader: BlockHeader,
    private readonly dir: string | undefined,
  ) {
    // A pipelined runtime may read the state a batch claims before that batch is committed:
    // such a read waits for the commit (and finds no root if the batch is refused).
    this.syncer = new LocalReadSyncer(async (id) => {
      await this.applying;
      return this.treeFor(id);
    });
  }

  /** Open (or create) the state of `runtimeId` in `dir`, or in memory without a dir. */
  static async open(runtimeId: Uint8Array, dir?: string): Promise<LocalState> {
    if (dir === undefined) return new LocalState(new MemoryNodeDB(), genesisHeader(runtimeId), undefined);
    mkdirSync(dir, { recursive: true });
    const db = await LevelNodeDB.open(join(dir, 'nodes'));
    let head = genesisHeader(runtimeId);
    const file = join(dir, HEAD_FILE);
    if (existsSync(file)) {
      try {
        head = decodeWith(blockHeaderCodec, new Uint8Array(readFileSync(file)), { maxSize: 4096 });
      } catch (e) {
        await db.close();
        throw new TestHostError(TestHostError.STATE_DIR, `${file}: ${(e as Error).message}`);
      }
      if (!bytesEqual(head.namespace, runtimeId)) {
        await db.close();
        throw new TestHostError(
          TestHostError.STATE_DIR,
          `${dir} holds the state of runtime ${toHex(head.namespace)}`,
        );
      }
    }
    return new LocalState(db, head, dir);
  }

  /** The current block header. */
  get head(): BlockHeader {
    return this.headHeader;
  }

  /** The committed state tree at the head. */
  headTree(): Tree {
    return new Tree({ db: this.db, rootHash: this.headHeader.state_root });
  }

  private treeFor(id: TreeID): Tree {
    if (!bytesEqual(id.root.ns, this.headHeader.namespace) || id.root.root_type !== RootType.State) {
      throw new TestHostError(TestHostError.UNSUPPORTED, "only this runtime's state tree is served");
    }
    return new Tree({ db: this.db, rootHash: id.root.hash });
  }

  /**
   * Verify a computed batch against the head (round, previous hash, state, IO and messages
   * roots), commit its state and make its block the head. Returns the new header.
   */
  apply(batch: ComputedBatch): Promise<BlockHeader> {
    const p = this.check(batch);
    this.applying = p.catch(() => {});
    return p;
  }

  private async check(batch: ComputedBatch): Promise<BlockHeader> {
    const h = batch.header;
    const head = this.headHeader;
    if (h.round !== head.round + 1n || !bytesEqual(h.previous_hash, headerHash(head))) {
      throw new TestHostError(
        TestHostError.WRONG_PARENT,
        `results for round ${h.round} do not follow round ${head.round}`,
      );
    }
    const io = await freshTreeRoot(batch.io_write_log);
    if (!h.io_root || !bytesEqual(io.root, h.io_root)) {
      throw new TestHostError(
        TestHostError.IO_ROOT_MISMATCH,
        'IO write log does not give the claimed io_root',
      );
    }
    if (!h.messages_hash || !bytesEqual(hashCanonicalList(batch.messages), h.messages_hash)) {
      throw new TestHostError(TestHostError.MESSAGES_HASH_MISMATCH, 'messages do not hash to messages_hash');
    }
    const tree = this.headTree();
    await tree.applyWriteLog(batch.state_write_log);
    if (!h.state_root || !bytesEqual(tree.rootHash(), h.state_root)) {
      throw new TestHostError(
        TestHostError.STATE_ROOT_MISMATCH,
        'state write log does not give the claimed state_root',
      );
    }
    await tree.commit(head.namespace, h.round, RootType.State);
    this.headHeader = childHeader(head, h);
    this.saveHead();
    return this.headHeader;
  }

  private saveHead(): void {
    if (this.dir === undefined) return;
    const file = join(this.dir, HEAD_FILE);
    writeFileSync(`${file}.tmp`, encodeWith(blockHeaderCodec, this.headHeader));
    renameSync(`${file}.tmp`, file);
  }

  /** Close the database. */
  close(): Promise<void> {
    return this.db.close();
  }
}
