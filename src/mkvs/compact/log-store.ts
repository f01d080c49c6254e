/**
 * Durable store for a resident state tree (memiavl-style): per committed version ONE LevelDB
 * record holding that version's sorted write log and root hash, plus occasional full snapshots.
 * Opening rebuilds the tree from the latest snapshot and the logs after it, checking the root
 * after each step, so a block costs one small synced write instead of one write per tree node.
 *
 * Key layout (one LevelDB, byte views; see `log-keys.ts`):
 * - `m ‖ "ns"` → namespace (32 bytes), bound by the first write;
 * - `l ‖ u64be(version)` → log record {ns, prev, root, version, log} (canonical CBOR);
 * - `c ‖ u64be(version) ‖ u32be(i)` → snapshot chunk {version, index, entries}, at most
 *   {@link CHUNK_TARGET_BYTES} of keys and values (one larger entry goes alone) or
 *   {@link CHUNK_MAX_ENTRIES} entries;
 * - `s ‖ u64be(version)` → snapshot manifest {ns, version, root, chunks, entries}, written after
 *   every chunk, in one batch with the removal of what the snapshot supersedes.
 *
 * Each log record names the version before it (`prev`), so versions may skip numbers yet a lost
 * record is still found (STATE_LOG_GAP). Chunks without a manifest (a crash mid-snapshot), older
 * snapshots and logs a snapshot covers are removed at open.
 */
import { ClassicLevel } from 'classic-level';
import { bytesEqual, toHex } from '../../common/index.js';
import { MkvsError } from '../errors.js';
import type { WriteLog } from '../writelog.js';
import { NS_KEY } from './log-keys.js';
import { readLogs, readSnapshot, scanLayout } from './log-read.js';
import { encodeLogRecord } from './log-records.js';
import { encodeSnapshot, logOp, type SnapshotEntries, writeSnapshot } from './log-snapshot.js';
import { type LogOp, SerialWriter } from './log-writer.js';

export { CHUNK_MAX_ENTRIES, CHUNK_TARGET_BYTES } from './log-records.js';

/** What the store rebuilds into (the resident tree implements it). */
export interface Restorable {
  /**
   * Replace the whole content with `entries` (sorted by key bytewise, unique keys); called once,
   * first. Keys and values (here and in write logs) are views of the records read, not copies.
   */
  load(entries: readonly (readonly [Uint8Array, Uint8Array])[]): void | Promise<void>;
  /** Apply one version's write log (value null = remove). */
  applyWriteLog(log: WriteLog): void | Promise<void>;
  /** Root hash of the current content. */
  rootHash(): Uint8Array;
}

/** Options of {@link StateLogStore.open}. */
export interface StateLogStoreOptions {
  /** Namespace (32 bytes) the store is bound to; a store bound to another is refused. */
  namespace?: Uint8Array;
  /**
   * LevelDB write buffer (memtable) in bytes (default 16 MiB): a block's record is tens of KiB,
   * so a larger buffer means fewer table flushes and less compaction per block.
   */
  writeBufferBytes?: number;
}

const U64_MAX = 0xffffffffffffffffn;

/** See the module header. */
export class StateLogStore {
  private readonly writer: SerialWriter;
  private ns: Uint8Array | undefined;
  /** Whether `m ‖ "ns"` is written (or queued). */
  private nsBound: boolean;
  private latest: bigint | undefined;
  /** The root of {@link latest}, once this session appended or restored it. */
  private latestRoot: Uint8Array | undefined;
  private snapshotVersion: bigint | undefined;
  private sinceSnapshot = 0;
  /** The snapshot being written (restore and close wait for it). */
  private writing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    ns: Uint8Array | undefined,
    nsBound: boolean,
  ) {
    this.writer = new SerialWriter(db);
    this.ns = ns;
    this.nsBound = nsBound;
  }

  /** Open (creating if needed) the store at `path`, removing what a crash or a snapshot left behind. */
  static async open(path: string, opts: StateLogStoreOptions = {}): Promise<StateLogStore> {
    if (opts.namespace !== undefined) checkNamespaceShape(opts.namespace);
    const db = new ClassicLevel<Uint8Array, Uint8Array>(path, {
      keyEncoding: 'view',
      valueEncoding: 'view',
      writeBufferSize: opts.writeBufferBytes ?? 16 * 1024 * 1024,
    });
    await db.open();
    try {
      const stored = await db.get(NS_KEY);
      if (stored !== undefined) checkNamespaceShape(stored);
      const layout = await scanLayout(db, stored);
      const empty = layout.snapshot === undefined && layout.lastLog === undefined;
      const want = opts.namespace;
      if (want !== undefined && (stored === undefined ? !empty : !bytesEqual(stored, want))) {
        throw new MkvsError(
          MkvsError.NAMESPACE_MISMATCH,
          `state log at ${path} belongs to another namespace`,
        );
      }
      if (layout.stale.length > 0) {
        await db.batch(
          layout.stale.map((key) => ({ type: 'del' as const, key })),
          { sync: true },
        );
      }
      const s = new StateLogStore(db, stored ?? want, stored !== undefined);
      s.snapshotVersion = layout.snapshot;
      s.latest = layout.lastLog ?? layout.snapshot;
      return s;
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  /** Latest version appended (durable or queued), undefined when empty. */
  latestVersion(): bigint | undefined {
    return this.latest;
  }

  /** Whether a snapshot is being written (a second one is refused meanwhile). */
  get isSnapshotting(): boolean {
    return this.writing !== undefined;
  }

  /** Write-log entries appended (or restored) since the last snapshot; for a caller's snapshot policy. */
  get entriesSinceSnapshot(): number {
    return this.sinceSnapshot;
  }

  /**
   * Rebuild `into`: the latest snapshot via `load` (`load([])` when there is none: then replay
   * starts at the first log), then every log after it in version order via `applyWriteLog`,
   * checking `rootHash()` against the recorded root after the snapshot and after each log
   * (COMMIT_MISMATCH naming the version). Every record is read and checked (STATE_LOG_CORRUPT,
   * STATE_LOG_GAP, NAMESPACE_MISMATCH) before `into` is touched. Undefined for an empty store.
   */
  async restore(into: Restorable): Promise<{ version: bigint; root: Uint8Array } | undefined> {
    this.checkOpen();
    await this.writing;
    await this.writer.idle();
    const snap = await readSnapshot(this.db, this.ns);
    const logs = await readLogs(this.db, snap?.manifest.version, this.ns);
    if (snap === undefined && logs.length === 0) return undefined;
    await into.load(snap?.entries ?? []);
    let reached =
      snap === undefined ? undefined : { version: snap.manifest.version, root: snap.manifest.root };
    if (reached) checkRoot(into, reached.version, reached.root, 'snapshot');
    let entries = 0;
    for (const r of logs) {
      await into.applyWriteLog(r.log);
      checkRoot(into, r.version, r.root, 'log');
      reached = { version: r.version, root: r.root };
      entries += r.log.length;
    }
    this.latest = reached!.version;
    this.latestRoot = reached!.root;
    this.sinceSnapshot = entries;
    return reached;
  }

  /**
   * Queue version `version`'s record (root hash + sorted write log) as one synced LevelDB write,
   * after every record queued before it. Checks (closed store, earlier failed write, version not
   * above the latest, `ns` given and not the store's, unsorted or oversized log) throw at once;
   * the returned promise resolves when the record is durable and may be ignored.
   */
  append(version: bigint, root: Uint8Array, log: WriteLog, ns?: Uint8Array): Promise<void> {
    this.checkOpen();
    this.writer.check();
    this.checkNextVersion(version);
    const ops: LogOp[] = [];
    if (ns !== undefined) this.bindNamespace(ns);
    ops.push(logOp(version, encodeLogRecord({ ns: this.ns, prev: this.latest, root, version, log })));
    if (!this.nsBound && this.ns !== undefined) {
      ops.push({ type: 'put', key: NS_KEY, value: this.ns });
      this.nsBound = true;
    }
    const done = this.writer.write(ops);
    this.latest = version;
    this.latestRoot = root.slice();
    this.sinceSnapshot += log.length;
    return done;
  }

  /** Resolves when every appended record is durable; throws STATE_LOG_WRITE when one failed. */
  async flush(): Promise<void> {
    await this.writer.idle();
  }

  /**
   * Write a full snapshot of `version`, which must be the latest appended (any version in an
   * empty store). `entries` (sorted by key, unique) are read and encoded before this returns its
   * promise, so the caller's tree may change right after the call; then they are written in
   * bounded chunks, then the manifest with the removal of the logs up to `version` and of older
   * snapshots. Appends may go on meanwhile; the promise resolves when the snapshot is durable.
   */
  async snapshot(version: bigint, root: Uint8Array, entries: SnapshotEntries): Promise<void> {
    this.checkOpen();
    this.writer.check();
    if (this.writing) throw new MkvsError(MkvsError.VERSION_ORDER, 'a snapshot is already being written');
    const wasEmpty = this.latest === undefined;
    if (wasEmpty) this.checkNextVersion(version);
    else if (version !== this.latest) {
      throw new MkvsError(
        MkvsError.VERSION_ORDER,
        `snapshot of ${version}, but the latest version is ${this.latest}`,
      );
    } else if (version === this.snapshotVersion) {
      throw new MkvsError(MkvsError.VERSION_ORDER, `version ${version} is already the snapshot`);
    }
    if (!(root instanceof Uint8Array) || root.length !== 32) {
      throw new MkvsError(MkvsError.WRITE_LOG, 'a snapshot root is 32 bytes');
    }
    if (this.latestRoot !== undefined && !bytesEqual(root, this.latestRoot)) {
      throw new MkvsError(
        MkvsError.COMMIT_MISMATCH,
        `snapshot root of version ${version} is not the logged root`,
      );
    }
    const encoded = encodeSnapshot(version, entries);
    const counted = this.sinceSnapshot;
    const bindNamespace = !this.nsBound && this.ns !== undefined;
    this.nsBound ||= bindNamespace;
    if (wasEmpty) {
      this.latest = version;
      this.latestRoot = root.slice();
    }
    const done = writeSnapshot(this.db, this.writer, { ns: this.ns, version, root, encoded, bindNamespace });
    this.writing = done.catch(() => {});
    try {
      await done;
      this.snapshotVersion = version;
      this.sinceSnapshot -= counted;
    } finally {
      this.writing = undefined;
    }
  }

  /** Wait for the snapshot and writes under way (their failures are not rethrown) and close the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writing;
    await this.writer.idle().catch(() => {});
    await this.db.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new MkvsError(MkvsError.CLOSED, 'state log store is closed');
  }

  private checkNextVersion(version: bigint): void {
    if (typeof version !== 'bigint' || version < 0n || version > U64_MAX) {
      throw new MkvsError(MkvsError.VERSION_ORDER, `version ${String(version)} is not a u64`);
    }
    if (this.latest !== undefined && version <= this.latest) {
      throw new MkvsError(MkvsError.VERSION_ORDER, `version ${version} is not after ${this.latest}`);
    }
  }

  /** Check `ns` against the store's namespace, binding an empty unbound store to it. */
  private bindNamespace(ns: Uint8Array): void {
    checkNamespaceShape(ns);
    if (this.ns === undefined && this.latest === undefined) this.ns = ns.slice();
    else if (this.ns === undefined || !bytesEqual(ns, this.ns)) {
      throw new MkvsError(
        MkvsError.NAMESPACE_MISMATCH,
        `append for namespace ${toHex(ns)}: not this store's`,
      );
    }
  }
}

function checkNamespaceShape(ns: Uint8Array): void {
  if (!(ns instanceof Uint8Array) || ns.length !== 32) {
    throw new MkvsError(MkvsError.NAMESPACE_MISMATCH, 'a state log namespace is 32 bytes');
  }
}

function checkRoot(into: Restorable, version: bigint, want: Uint8Array, what: string): void {
  const got = into.rootHash();
  if (!bytesEqual(got, want)) {
    throw new MkvsError(
      MkvsError.COMMIT_MISMATCH,
      `restored root after the ${what} of version ${version} is ${toHex(got)}, recorded ${toHex(want)}`,
    );
  }
}
