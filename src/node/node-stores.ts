/**
 * Opening what a node keeps on disk (see data-dir.ts): both domains' LevelDB trees, the consensus
 * app over them (resuming from its record), the block store, the WAL and the driver's state
 * records. Whatever opened is closed again if a later step fails, and {@link NodeStores.close}
 * closes it all in reverse order.
 */
import { TandemError } from '../common/index.js';
import { FileSignStateStore, FileWal, LevelBlockStore } from '../consensus/bft/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import { ChainApp, type ChainAppOptions } from '../domains/index.js';
import { LevelNodeDB } from '../mkvs/index.js';
import { type DataDirLayout, ensureDataDir } from './data-dir.js';
import { NodeError } from './errors.js';

/** The opened stores and the app. */
export interface NodeStores {
  readonly app: ChainApp;
  readonly blocks: LevelBlockStore;
  readonly wal: FileWal;
  readonly consensusState: FileSignStateStore;
  readonly signState: FileSignStateStore;
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

/** Extra options passed to the app (callbacks the node wires). */
export type AppHooks = Pick<ChainAppOptions, 'onCommitted' | 'onExecuted'>;

/** Open the stores of `layout` and the app over them. */
export async function openStores(
  layout: DataDirLayout,
  genesis: GenesisDocument,
  hooks: AppHooks,
): Promise<NodeStores> {
  ensureDataDir(layout);
  const closers = new Closers();
  try {
    const ved = await step('the VED database', () => LevelNodeDB.open(layout.vedDb));
    closers.add(() => ved.close());
    const ued = await step('the UED database', () => LevelNodeDB.open(layout.uedDb));
    closers.add(() => ued.close());
    const app = await ChainApp.create({
      genesis,
      nodeDb: (d) => (d === 'ved' ? ved : ued),
      store: new FileSignStateStore(layout.appRecord),
      ...hooks,
    });
    const blocks = await step('the block store', () => LevelBlockStore.open(layout.blocks));
    closers.add(() => blocks.close());
    const wal = await step('the WAL', () => FileWal.open(layout.wal));
    closers.add(() => wal.close());
    return {
      app,
      blocks,
      wal,
      consensusState: new FileSignStateStore(layout.consensusState),
      signState: new FileSignStateStore(layout.signState),
      close: () => closers.run(),
    };
  } catch (e) {
    await closers.run();
    throw e;
  }
}
