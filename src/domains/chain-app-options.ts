/** The options of {@link ChainApp.create} (chain-app.ts) and the events it reports. */
import type { Logger, Metrics } from '../common/index.js';
import type { Block } from '../consensus/bft/index.js';
import type { GenesisDocument, ServiceEvent, TxReceipt } from '../consensus/index.js';
import type { NodeDB } from '../mkvs/index.js';
import type { AppRecordStore } from './app-record.js';
import type { HaltStore } from './halt-store.js';
import type { Programs } from './programs.js';
import type { DivergenceAlert, RecordedReport } from './ued-watch.js';
import type { WorkerUedOptions } from './ued-worker-runner.js';

/** A height executed in one domain: its domain hash and receipts. */
export interface ExecutedEvent {
  readonly height: bigint;
  readonly domain: 'ved' | 'ued';
  readonly domainHash: Uint8Array;
  readonly receipts: readonly TxReceipt[];
  /**
   * Events of the block hooks (epoch, begin and end of block), in emission order: roothash's
   * discrepancies, round failures and liveness decisions, the scheduler's elections. VED only
   * (the UED may run on another thread, which hands back receipts alone).
   */
  readonly events?: readonly ServiceEvent[];
}

/** Options of {@link ChainApp.create}. */
export interface ChainAppOptions {
  readonly genesis: GenesisDocument;
  /** The wired programs (default: {@link createPrograms} of the genesis). */
  readonly programs?: Programs;
  /** The node database of each domain's tree (default: in memory; the UED's unused by a worker). */
  readonly nodeDb?: (domain: 'ved' | 'ued') => NodeDB;
  /** Most transactions a proposal takes from the mempool. */
  readonly maxBlockTxs?: number;
  /**
   * Most UED gas (declared by the transactions) a proposal of this node takes (default: no
   * limit): the leader's budget that keeps the UED up with consensus (APE-6, ued-budget.ts).
   */
  readonly maxBlockUedGas?: bigint;
  /**
   * Where the resume record is kept (default: nowhere, and every start writes genesis). With a
   * store holding a record, {@link ChainApp.create} resumes at its height over `nodeDb`.
   */
  readonly store?: AppRecordStore;
  /**
   * The decided blocks by height (the node's block store). A resumed app whose UED lagged its VED
   * executes the UED of the heights in between again from them; required then.
   */
  readonly blocks?: (height: bigint) => Promise<Block | undefined>;
  /**
   * Run the UED on a worker thread (its tree in memory, or LevelDB at `dbPath`, needed to resume);
   * default: inline. The worker builds its programs from the genesis and this app's vote
   * parameters; other program options (e.g. beacon callbacks) cannot cross threads.
   */
  readonly uedWorker?: Pick<WorkerUedOptions, 'dbPath' | 'store' | 'checkpoints' | 'hooks' | 'timeoutMs'>;
  /**
   * Synchronous mode (issue 7, item 7), for comparison: no node proposes or votes on a block
   * before it executed it in both domains (see chain-app.ts).
   */
  readonly syncUed?: boolean;
  /** Where a divergence halt and its evidence are kept (APE-18; default: in memory only). */
  readonly haltStore?: HaltStore;
  /** Share of the stake execution status waits for by default (default 1/20, APE-20). */
  readonly confirmStake?: { readonly numerator: bigint; readonly denominator: bigint };
  /** Called once both domain hashes of a height are known, with its transaction count. */
  readonly onCommitted?: (c: {
    height: bigint;
    vedHash: Uint8Array;
    uedHash: Uint8Array;
    txs: number;
  }) => void;
  /** Called for the VED of each height at its commit and for its UED when done, in height order. */
  readonly onExecuted?: (e: ExecutedEvent) => void;
  /** Called for each UED report found in a committed block's LastCommit (APE-15). */
  readonly onReport?: (r: RecordedReport) => void;
  /** Called when the node halts on a UED divergence (APE-18). */
  readonly onAlert?: (a: DivergenceAlert) => void;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
}
