/**
 * Runtimes as the API sees them (issue 6): registry descriptors, roothash's chain of each runtime,
 * committees, nodes with their status and the last normal round's results. Same conventions as
 * backend.ts: plain data, wire (snake_case) names; runtime rounds are `bigint` (a runtime's genesis
 * round may be any u64), consensus heights and epochs safe integers.
 */

/** A runtime block header with its hash. */
export interface RuntimeBlockView {
  runtime_id: Uint8Array;
  round: bigint;
  hash: Uint8Array;
  header_type: 'normal' | 'round_failed' | 'epoch_transition' | 'suspended';
  version: number;
  /** POSIX seconds of the consensus block that produced it. */
  timestamp: bigint;
  previous_hash: Uint8Array;
  io_root: Uint8Array;
  state_root: Uint8Array;
  messages_hash: Uint8Array;
  in_msgs_hash: Uint8Array;
}

/** Roothash's record of a runtime's chain. */
export interface RuntimeChainView {
  round: bigint;
  latest_block_hash: Uint8Array;
  /** Consensus height of the latest runtime block. */
  latest_height: number;
  last_normal_round: bigint;
  last_normal_height: number;
  suspended: boolean;
  /** Consensus height the current round times out at (0: no timer). */
  next_timeout: number;
}

/** The registry's descriptor of a runtime, summarized, with its canonical CBOR. */
export interface RuntimeDescriptorView {
  entity_id: Uint8Array;
  kind: number;
  tee_hardware: number;
  governance_model: number;
  genesis_round: bigint;
  genesis_state_root: Uint8Array;
  /** The deployment active at the current epoch as `major.minor.patch`, or null. */
  active_version: string | null;
  /** Suspended by the registry (no committee, or its owner short of stake). */
  suspended: boolean;
  /** The whole descriptor as canonical CBOR (spec/oasis.md §6). */
  cbor: Uint8Array;
}

/** A runtime: its descriptor and its chain, each null when that service does not know it. */
export interface RuntimeView {
  id: Uint8Array;
  descriptor: RuntimeDescriptorView | null;
  chain: RuntimeChainView | null;
}

/** One committee member. */
export interface CommitteeMemberView {
  role: 'worker' | 'backup_worker' | 'storage';
  public_key: Uint8Array;
}

/** A committee of a runtime. */
export interface CommitteeView {
  kind: 'executor' | 'storage';
  runtime_id: Uint8Array;
  /** The epoch it serves. */
  valid_for: number;
  members: CommitteeMemberView[];
}

/** The committees of a runtime at an epoch (executor, then storage; empty when none is kept). */
export interface CommitteesView {
  epoch: number;
  committees: CommitteeView[];
}

/** Liveness faults of a node for one runtime. */
export interface NodeFaultView {
  runtime_id: Uint8Array;
  failures: number;
  suspended_until: bigint;
}

/** The registry's status of a node. */
export interface NodeStatusView {
  expiration_processed: boolean;
  /** Frozen (not electable) while > 0. */
  freeze_end_time: bigint;
  election_eligible_after: bigint;
  faults: NodeFaultView[];
}

/** A registered node, summarized, with its descriptor's canonical CBOR and its status. */
export interface NodeView {
  id: Uint8Array;
  entity_id: Uint8Array;
  /** Last epoch the registration covers. */
  expiration: bigint;
  /** Role bits (spec/oasis.md §6). */
  roles: number;
  consensus_id: Uint8Array;
  p2p_id: Uint8Array;
  runtimes: Uint8Array[];
  cbor: Uint8Array;
  status: NodeStatusView | null;
}

/** A runtime message of a round, by its variant and action, with its canonical CBOR. */
export interface RuntimeMessageView {
  /** `staking.transfer`, `staking.withdraw`, `registry.update_runtime`, ... */
  kind: string;
  cbor: Uint8Array;
}

/** The outcome of one runtime message (code 0 with an empty module: it succeeded). */
export interface MessageResultView {
  index: number;
  module: string;
  code: number;
}

/** The last normal round's results. */
export interface RoundResultsView {
  runtime_id: Uint8Array;
  round: bigint;
  /** Consensus height that finalized it. */
  height: number;
  messages: RuntimeMessageView[];
  /**
   * The outcome of each message in index order, as the runtime's next round reads it; staking
   * messages run in the UED, so theirs appear once this node's UED executed `height`.
   */
  message_results: MessageResultView[];
  /** Whether every message has its result here. */
  message_results_complete: boolean;
  good_compute_nodes: Uint8Array[];
  bad_compute_nodes: Uint8Array[];
}

/**
 * What the API needs of a node's runtimes. A runtime id neither the registry nor roothash knows
 * throws roothash's UNKNOWN_RUNTIME, so callers learn the id is wrong rather than see nulls.
 */
export interface RuntimeBackend {
  getRuntimes(): Promise<RuntimeView[]>;
  getRuntime(id: Uint8Array): Promise<RuntimeView>;
  /** The latest block, or the one of `round` when roothash keeps it (latest, genesis), else null. */
  getRuntimeBlock(id: Uint8Array, round?: bigint): Promise<RuntimeBlockView | null>;
  /** The committees at `epoch` (the current epoch when omitted). */
  getCommittees(id: Uint8Array, epoch?: number): Promise<CommitteesView>;
  /** A registered node with its status, or null. */
  getNode(id: Uint8Array): Promise<NodeView | null>;
  /** The last normal round's results, or null before the runtime's first normal round. */
  getRoundResults(id: Uint8Array): Promise<RoundResultsView | null>;
}
