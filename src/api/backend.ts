/**
 * The node as the API sees it. The node implements {@link NodeBackend}; the API server only
 * validates, encodes and routes. Every method returns plain data (no class instances): bytes as
 * `Uint8Array`, amounts and stake as `bigint`, heights and epochs as safe integers. Field names are
 * the wire names (snake_case), so one shape serves the backend, the JSON encoding and the client.
 */
import type { WireError } from '../common/index.js';
import type { RuntimeBackend } from './runtime-backend.js';

/** An event a program emitted, as kept in a receipt. `data` is its canonical CBOR. */
export interface EventView {
  module: string;
  kind: string;
  data: Uint8Array;
}

/** The outcome of a transaction. */
export interface ReceiptView {
  success: boolean;
  /** The coded error of a failed transaction, else null. */
  error: WireError | null;
  /** The domain that executed it (`ved`, `ued`). */
  domain: 'ved' | 'ued';
  gas_used: bigint;
  events: EventView[];
}

/** A block header with the hashes of its transactions. */
export interface BlockView {
  height: number;
  hash: Uint8Array;
  parent_hash: Uint8Array;
  /** Block time in unix milliseconds (from the header, not the local clock). */
  time: number;
  /** The proposer's node public key. */
  proposer: Uint8Array;
  ved_hash: Uint8Array;
  tx_hashes: Uint8Array[];
}

/** A transaction included in a block. */
export interface TxView {
  tx: Uint8Array;
  height: number;
  index: number;
  /** Null while the transaction's domain has not executed it yet (UED lag). */
  receipt: ReceiptView | null;
}

/** What the node knows of the chain and of itself. */
export interface StatusView {
  chain_id: string;
  /** The chain context (hex hash of the genesis document) transactions are signed under. */
  chain_context: string;
  height: number;
  latest_block_hash: Uint8Array;
  latest_block_time: number;
  epoch: number;
  /** APE-18: validators holding a third of the stake or more reported a different UED hash. */
  halted: boolean;
  syncing: boolean;
  peers: number;
  ued_height: number;
  /** Final height minus the UED-executed height. */
  ued_lag: number;
}

/** Execution status of a transaction at a stake threshold (APE-19, APE-20). */
export interface ExecutionStatusView {
  /** pending: not executed here; executed: below minStake; confirmed: at or above; diverged: halted. */
  state: 'pending' | 'executed' | 'confirmed' | 'diverged';
  receipt?: ReceiptView;
  height?: number;
  /** Stake of the validators that reported this node's UED hash for that height. */
  reported_stake: bigint;
  total_stake: bigint;
}

/** How an account is mapped to execution domains. */
export type AccountMapping = 'RX-UED' | 'RX-UED-VED' | 'RW-VED' | 'RW-UED';

/** An account (absent accounts are returned empty, not as errors). */
export interface AccountView {
  address: Uint8Array;
  balance: bigint;
  nonce: bigint;
  mapping: AccountMapping;
  escrow_active: bigint;
  escrow_debonding: bigint;
}

/** One validator of a height's set. */
export interface ValidatorView {
  address: Uint8Array;
  node_id: Uint8Array;
  voting_power: bigint;
}

/** The validator set in force at a height. */
export interface ValidatorSetView {
  height: number;
  total_power: bigint;
  validators: ValidatorView[];
}

/** The current epoch. */
export interface EpochView {
  epoch: number;
  start_height: number;
  /** Blocks per epoch. */
  interval: number;
}

/** A vote account (VED): stake, credits and the validator's latest UED hash report. */
export interface VoteAccountView {
  address: Uint8Array;
  node_id: Uint8Array;
  stake: bigint;
  credits: bigint;
  /** Commission in basis points. */
  commission: number;
  last_report: { height: number; hash: Uint8Array } | null;
}

/** A validator's UED hash report, as seen in a vote. */
export interface UedReportView {
  validator: Uint8Array;
  height: number;
  hash: Uint8Array;
  stake: bigint;
}

/** An operator alert, e.g. the divergence halt of APE-18. */
export interface AlertView {
  kind: 'divergence' | 'halt' | 'sync' | 'peer';
  height: number;
  message: string;
}

/** A source of events; `subscribe` returns the function that stops delivery. */
export interface EventSource<T> {
  subscribe(listener: (event: T) => void): () => void;
}

/** The subscription topics and their event types. */
export interface TopicEvents {
  blocks: BlockView;
  uedReports: UedReportView;
  alerts: AlertView;
}

/** Names of the subscription topics. */
export type Topic = keyof TopicEvents;

/**
 * Everything the API needs from a node (with its runtimes, {@link RuntimeBackend}). Methods may
 * throw Tandem errors; they reach callers coded.
 */
export interface NodeBackend extends RuntimeBackend {
  status(): Promise<StatusView>;
  getBlock(height: number): Promise<BlockView | null>;
  getBlockByHash(hash: Uint8Array): Promise<BlockView | null>;
  getTx(hash: Uint8Array): Promise<TxView | null>;
  /** Resolves on mempool admission; a rejection throws the checkTx error (its module and code). */
  submitTx(tx: Uint8Array): Promise<{ hash: Uint8Array }>;
  /** `minStake` defaults to the node's configured threshold (APE-20). */
  executionStatus(hash: Uint8Array, minStake?: bigint): Promise<ExecutionStatusView>;
  getAccount(address: Uint8Array): Promise<AccountView>;
  getValidators(height?: number): Promise<ValidatorSetView>;
  getEpoch(): Promise<EpochView>;
  getVoteAccount(address: Uint8Array): Promise<VoteAccountView | null>;
  readonly events: { [K in Topic]: EventSource<TopicEvents[K]> };
  /** Resolves once the transaction is in a final block; rejects with a coded error on timeout. */
  waitForInclusion(hash: Uint8Array, timeoutMs: number): Promise<TxView>;
  /** Resolves once the status is confirmed at `minStake` (APE-19); rejects on timeout or halt. */
  waitForExecution(
    hash: Uint8Array,
    minStake: bigint | undefined,
    timeoutMs: number,
  ): Promise<ExecutionStatusView>;
}
