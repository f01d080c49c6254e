/**
 * Opening what a node keeps on disk (see data-dir.ts): the block store, the domains' LevelDB
 * trees, the consensus app over them (resuming from its record, with the decided blocks at hand
 * to execute again the UED heights it lagged by, and its persistent divergence halt), the WAL and
 * the driver's state records. The UED mode decides who owns the UED database: `async` runs the
 * UED on the app's worker thread, which opens it itself (LevelDB allows one opener, so the main
 * thread must not); `sync` executes it inline over LevelDB opened here. Whatever opened is closed
 * again if a later step fails, and {@link NodeStores.close} stops the app (its worker) and closes
 * the rest in reverse order. In async mode the UED lives in the store `ued.store` names
 * (ued-store.ts): the worker opens the compact store's directory or the node database.
 */
import { decodeWith, type Logger, type Metrics, TandemError } from '../common/index.js';
import {
  blockCodec,
  FileWal,
  LevelBlockStore,
  MAX_MESSAGE_BYTES,
  SlotFileStore,
} from '../consensus/bft/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import {
  ChainApp,
  type ChainAppOptions,
  FetchedNodeReader,
  FileHaltStore,
  uedNodeFetch,
} from '../domains/index.js';
import { LevelNodeDB, MemoryNodeDB, type NodeDB } from '../mkvs/index.js';
import { type DataDirLayout, ensureDataDir } from './data-dir.js';
import { NodeError } from './errors.js';
import { BackgroundRecordStore } from './record-writer.js';
import type { CheckpointMaker } from './state-sync-checkpoints.js';
import { checkUedStoreDir, compactStoreProblem, type UedStore, uedDirOf } from './ued-store.js';

/** The opened stores and the app. */
export interface NodeStores {
  readonly app: ChainApp;
  readonly blocks: LevelBlockStore;
  readonly wal: FileWal;
  readonly consensusState: SlotFileStore;
  readonly signState: SlotFileStore;
  /** The state-sync checkpoints this node makes, if it makes any. */
  readonly checkpoints: CheckpointMaker | undefined;
  /** Close everything (the driver must be stopped first). */
  close(): Promise<void>;
}

/** Runs closers in reverse order of registration, each once, reporting nothing. */
class Closers {
  private readonly list: (() => unknown)[] = [];
  add(c: () => unknown): void {
    this.list.push(c);
  }
  async run(): Promise<void> {
    while (this.list.length > 0) {
      try {
        await this.list.pop()!();
      } catch {
        // Shutdown goes on: a store that fails to close must not keep the others open.
      }
    }
  }
}

async function step<T>(what: string, f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof TandemError) throw e;
    throw new NodeError(NodeError.STARTUP, `cannot open ${what}: ${(e as Error).message}`);
  }
}

/** The callbacks the node wires into the app. */
export type AppHooks = Pick<ChainAppOptions, 'onCommitted' | 'onExecuted' | 'onReport' | 'onAlert'>;

/** How the app runs (from the config). */
export interface StoreOptions {
  /** `async`: the UED on a worker thread owning its LevelDB; `sync`: conventional, inline. */
  readonly uedMode: 'async' | 'sync';
  /**
   * Where the UED lives, as `uedStoreOf` resolved it from the config (ued-store.ts); the compact
   * store needs async mode.
   */
  readonly uedStore: UedStore;
  /** With checkpoints on the compact store: the heights its worker cuts (ued-checkpoint-cut.ts). */
  readonly uedCheckpoints?: { readonly interval: bigint; readonly keep: number };
  /** Share of the stake execution status confirms at by default (APE-20; app default 5%). */
  readonly confirmStake?: ChainAppOptions['confirmStake'];
  /** The leader's UED gas budget per proposal (APE-6; default: none). */
  readonly maxBlockUedGas?: bigint;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
  /** Make state-sync checkpoints over the trees and records (node-state-sync.ts). */
  readonly checkpoints?: (
    dbs: { ved: NodeDB; ued: NodeDB },
    records: { appRecord: () => Uint8Array | undefined; consensusState: () => Uint8Array | undefined },
  ) => CheckpointMaker | undefined;
}

/** Open the stores of `layout` and the app over them. */
export async function openStores(
  layout: DataDirLayout,
  genesis: GenesisDocument,
  hooks: AppHooks,
  o: StoreOptions,
): Promise<NodeStores> {
  ensureDataDir(layout);
  const { uedStore } = o;
  const problem = uedStore === 'compact' ? compactStoreProblem(o.uedMode) : undefined;
  if (problem !== undefined) throw new NodeError(NodeError.CONFIG, problem);
  checkUedStoreDir(layout, uedStore);
  const closers = new Closers();
  try {
    const blocks = await step('the block store', () => LevelBlockStore.open(layout.blocks));
    closers.add(() => blocks.close());
    const ved = await step('the VED database', () => LevelNodeDB.open(layout.vedDb));
    closers.add(() => ved.close());
    const ued = await openUedDb(layout, o.uedMode, closers);
    const store = new BackgroundRecordStore(new SlotFileStore(layout.appRecord), o.logger);
    const consensusState = new SlotFileStore(layout.consensusState);
    const signState = new SlotFileStore(layout.signState);
    // Runs after the app's close (registered before it): the record's last writes finish first.
    closers.add(async () => {
      consensusState.close();
      signState.close();
      await store.close();
    });
    // In async mode the worker owns the UED database: checkpoints read its nodes through the app.
    let created: ChainApp | undefined;
    const uedNodes = o.uedMode === 'async' ? new FetchedNodeReader(uedNodeFetch(() => created?.ued)) : ued;
    const checkpoints = o.checkpoints?.(
      { ved, ued: uedNodes },
      { appRecord: () => store.load(), consensusState: () => consensusState.load() },
    );
    if (checkpoints !== undefined && uedStore === 'compact' && o.uedCheckpoints === undefined) {
      throw new NodeError(NodeError.CONFIG, 'checkpoints of a compact UED need the heights its worker cuts');
    }
    const app = await ChainApp.create({
      genesis,
      nodeDb: (d) => (d === 'ved' ? ved : ued),
      store,
      haltStore: new FileHaltStore(layout.haltRecord),
      blocks: async (h) => {
        const b = await blocks.block(h);
        return b === undefined ? undefined : decodeWith(blockCodec, b, { maxSize: MAX_MESSAGE_BYTES });
      },
      ...(o.uedMode === 'async'
        ? { uedWorker: { dbPath: uedDirOf(layout, uedStore), store: uedStore, ...cutsOf(uedStore, o) } }
        : { syncUed: true }),
      ...(o.confirmStake ? { confirmStake: o.confirmStake } : {}),
      ...(o.maxBlockUedGas !== undefined ? { maxBlockUedGas: o.maxBlockUedGas } : {}),
      ...(o.metrics ? { metrics: o.metrics } : {}),
      ...(o.logger ? { logger: o.logger } : {}),
      ...hooks,
      onExecuted: (e) => {
        checkpoints?.onExecuted(e);
        hooks.onExecuted?.(e);
      },
    });
    created = app;
    await checkpoints?.restore();
    // Registered after the databases: it runs first, stopping the worker before they close.
    closers.add(() => app.close());
    const wal = await step('the WAL', () => FileWal.open(layout.wal));
    closers.add(() => wal.close());
    return {
      app,
      blocks,
      wal,
      consensusState,
      checkpoints,
      signState,
      close: () => closers.run(),
    };
  } catch (e) {
    await closers.run();
    throw e;
  }
}

/** The checkpoints a compact UED's worker cuts, if any. */
function cutsOf(store: UedStore, o: StoreOptions): { checkpoints?: { interval: bigint; keep: number } } {
  return store === 'compact' && o.uedCheckpoints !== undefined ? { checkpoints: o.uedCheckpoints } : {};
}

/**
 * The UED database of the main thread: LevelDB in sync mode; in async mode the worker opens
 * LevelDB itself and the app only computes the UED genesis hash here, in memory, to check the
 * worker's against.
 */
async function openUedDb(layout: DataDirLayout, mode: 'async' | 'sync', closers: Closers): Promise<NodeDB> {
  if (mode === 'async') return new MemoryNodeDB();
  const ued = await step('the UED database', () => LevelNodeDB.open(layout.uedDb));
  closers.add(() => ued.close());
  return ued;
}
