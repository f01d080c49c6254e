/**
 * The API backend over the real chain ({@link NodeBackend} plus the feeds a node calls): blocks
 * come from the block store, state from the consensus app's committed trees (views.ts), UED
 * execution status from an {@link ExecutionSource}, transaction positions and receipts from a
 * bounded {@link TxIndex} the node feeds with {@link ChainBackend.onBlock} and
 * {@link ChainBackend.onExecuted}. A transaction whose fee payer is in the VED is final with its
 * block (its VED hash is in the header the commit signs), so its status is `confirmed` with the
 * whole stake as soon as its VED receipt is known (unless the node halted, APE-18); UED
 * transactions follow the source (APE-19). Runtime queries come from runtime-backend.ts.
 */
import type {
  AlertView,
  BlockView,
  ExecutionStatusView,
  NodeBackend,
  StatusView,
  TxView,
  UedReportView,
} from '../api/index.js';
import { TandemError, type WireError } from '../common/index.js';
import type { BlockStore } from '../consensus/bft/index.js';
import type { GenesisDocument, Receipt } from '../consensus/index.js';
import type { ChainApp, DivergenceEvidence, ExecutedEvent, ExecutionStatus } from '../domains/index.js';
import { BlockFeed } from './block-feed.js';
import { Emitter } from './emitter.js';
import { createRuntimeBackend } from './runtime-backend.js';
import type { TxArchive } from './tx-archive.js';
import { TxIndex } from './tx-index.js';
import { epochView, membershipAt, readAccount, readVoteAccount, voteAddress } from './views.js';
import { Waits } from './waits.js';

/** The outcome of offering a transaction to the node's mempool. */
export type SubmitOutcome =
  | { readonly added: true; readonly hash: Uint8Array }
  | { readonly added: false; readonly error: WireError };

/**
 * UED execution status as the backend reads it (APE-18, APE-19, APE-20): the consensus app
 * satisfies it; tests may give another source.
 */
export interface ExecutionSource {
  /** Status at `minStake` (the source's default threshold when omitted); throws once halted. */
  executionStatus(txHash: Uint8Array, minStake?: bigint): ExecutionStatus<Receipt>;
  /** Resolves once confirmed at `minStake`; rejects on halt or when `signal` aborts. */
  waitExecution(
    txHash: Uint8Array,
    minStake?: bigint,
    signal?: AbortSignal,
  ): Promise<ExecutionStatus<Receipt>>;
  /** The evidence this node halted on (APE-18), or undefined while it has not. */
  haltEvidence(): DivergenceEvidence | undefined;
  /** Height and hash of the last block this node's UED executed. */
  uedLatest(): { height: bigint; hash: Uint8Array };
}

/** What {@link createChainBackend} reads from the node. */
export interface ChainBackendParts {
  readonly chainId: string;
  readonly genesis: GenesisDocument;
  /** The consensus app: committed VED tree (`vedTree`), UED reads (`ued.get`), programs, height. */
  readonly app: ChainApp;
  /** Decided blocks and their commits. */
  readonly blocks: BlockStore;
  /** Mempool admission; a refusal carries the check's module and code (see admission.ts). */
  submit(tx: Uint8Array): Promise<SubmitOutcome>;
  /** Connected peers. */
  peers(): number;
  /** True while the node catches up by block sync. */
  syncing(): boolean;
  /** UED execution status and the halt (the app itself in a node). */
  readonly execution: ExecutionSource;
  /**
   * Stake threshold of execution status when a caller gives none, as an amount (default: the
   * source's, e.g. the app's share of the stake).
   */
  readonly defaultMinStake?: bigint;
  /** Entries kept by the transaction index (default {@link DEFAULT_INDEX_LIMIT}). */
  readonly indexLimit?: number;
  /** The persistent transaction index (default: none, only the bounded memory index). */
  readonly archive?: TxArchive;
}

/** A validator's UED report as the node saw it in a commit. */
export interface ReportEvent {
  /** The validator's consensus public key (events name its vote account address). */
  readonly validator: Uint8Array;
  readonly height: bigint;
  readonly hash: Uint8Array;
  readonly stake: bigint;
}

/** An operator alert raised by the node. */
export interface AlertEvent {
  readonly kind: 'divergence';
  readonly height: bigint;
  readonly message: string;
}

/** The backend with the feeds the node calls. */
export interface ChainBackend extends NodeBackend {
  /** A block was decided and committed up to `height`: index it (and any skipped) and emit. */
  onBlock(height: bigint): Promise<void>;
  /** A domain executed a height (hook of ChainApp's `onExecuted`). */
  onExecuted(e: ExecutedEvent): void;
  /** A validator's UED report was seen. */
  onReport(r: ReportEvent): void;
  /** The node raises an operator alert. */
  onAlert(a: AlertEvent): void;
  /** Fail every pending wait with CLOSED and drop subscribers. */
  close(): void;
}

/** Build the backend (see the module header). */
export function createChainBackend(parts: ChainBackendParts): ChainBackend {
  const { app, execution } = parts;
  const index = new TxIndex(parts.indexLimit);
  const events = {
    blocks: new Emitter<BlockView>(),
    uedReports: new Emitter<UedReportView>(),
    alerts: new Emitter<AlertView>(),
  };
  const { archive } = parts;
  const feed = new BlockFeed(parts.blocks, index, (b) => events.blocks.emit(b), archive);
  const waits = new Waits(index, execution);
  const minStake = (m: bigint | undefined) => m ?? parts.defaultMinStake;
  const totalStake = async (): Promise<bigint> => {
    const h = app.committed.height;
    const m = await membershipAt(app.vedTree, app.programs.params.epochs, h + 1n, h);
    return m.members.reduce((t, x) => t + x.stake, 0n);
  };

  const executionStatus = async (hash: Uint8Array, min?: bigint): Promise<ExecutionStatusView> => {
    const total = await totalStake();
    // A halted node confirms nothing, not even what is final with its block (APE-18).
    if (execution.haltEvidence() !== undefined)
      return { state: 'diverged', reported_stake: 0n, total_stake: total };
    const known = index.receipt(hash) ?? (await archive?.receipt(hash));
    const at = async () => index.location(hash) ?? (await archive?.location(hash));
    if (known?.domain === 'ved') return waits.vedStatus(known.receipt, await at(), total);
    const s = execution.executionStatus(hash, minStake(min));
    // Executed before this node's last restart: the app no longer tracks its reports.
    if (s.state === 'pending' && known !== undefined)
      return waits.archivedStatus(known.receipt, await at(), total);
    return waits.uedStatus(s, total);
  };

  return {
    ...createRuntimeBackend(app),
    events,
    async status(): Promise<StatusView> {
      const height = app.committed.height;
      const latest = await feed.latest(height, parts.genesis.genesis_time_ms);
      const ued = execution.uedLatest().height;
      return {
        chain_id: parts.chainId,
        chain_context: app.programs.params.chainContext,
        height: Number(height),
        latest_block_hash: latest.hash,
        latest_block_time: latest.time,
        epoch: Number(app.programs.schedule.epochOf(height)),
        halted: execution.haltEvidence() !== undefined,
        syncing: parts.syncing(),
        peers: parts.peers(),
        ued_height: Number(ued),
        ued_lag: Number(height > ued ? height - ued : 0n),
      };
    },
    getBlock: (height) => feed.view(BigInt(height)),
    async getBlockByHash(hash) {
      const h = index.blockHeight(hash) ?? (await archive?.blockHeight(hash));
      return h === undefined ? null : feed.view(h);
    },
    getTx: (hash) => feed.tx(hash),
    async submitTx(tx) {
      const r = await parts.submit(tx);
      if (!r.added) throw TandemError.fromWire(r.error);
      return { hash: r.hash };
    },
    executionStatus,
    getAccount: (address) => readAccount(app, address),
    async getValidators(height?: number) {
      const committed = app.committed.height;
      const h = height === undefined ? (committed > 0n ? committed : 1n) : BigInt(height);
      const m = await membershipAt(app.vedTree, app.programs.params.epochs, h, committed);
      const validators = m.validators.map((v) => ({
        address: voteAddress(v.pubKey),
        node_id: v.pubKey,
        voting_power: v.power,
      }));
      const total_power = validators.reduce((t, v) => t + v.voting_power, 0n);
      return { height: Number(h), total_power, validators };
    },
    getEpoch: async () => epochView(app),
    getVoteAccount: (address) => readVoteAccount(app, address),
    waitForInclusion: (hash, timeoutMs): Promise<TxView> => waits.inclusion(hash, timeoutMs, feed),
    waitForExecution: (hash, min, timeoutMs) => waits.execution(hash, minStake(min), timeoutMs, totalStake),
    onBlock: (height) => feed.advance(height),
    onExecuted(e) {
      index.addReceipts(e.domain, e.receipts);
      archive?.putReceipts(e.domain, e.receipts);
      waits.poke();
    },
    onReport(r) {
      const { height, hash, stake } = r;
      events.uedReports.emit({ validator: voteAddress(r.validator), height: Number(height), hash, stake });
    },
    onAlert(a) {
      events.alerts.emit({ kind: a.kind, height: Number(a.height), message: a.message });
    },
    close() {
      waits.close();
      for (const e of Object.values(events)) e.clear();
    },
  };
}
