/** The JSON encodings of the runtime results (runtime-backend.ts), shared by server and client. */
import { arrayJ, bigintJ, boolJ, bytesJ, enumJ, nullableJ, objectJ, stringJ, uintJ } from './json-codec.js';
import type {
  CommitteeMemberView,
  CommitteesView,
  CommitteeView,
  MessageResultView,
  NodeFaultView,
  NodeStatusView,
  NodeView,
  RoundResultsView,
  RuntimeBlockView,
  RuntimeChainView,
  RuntimeDescriptorView,
  RuntimeMessageView,
  RuntimeView,
} from './runtime-backend.js';

/** A runtime block header with its hash. */
export const runtimeBlockJ = objectJ<RuntimeBlockView>({
  runtime_id: bytesJ,
  round: bigintJ,
  hash: bytesJ,
  header_type: enumJ(['normal', 'round_failed', 'epoch_transition', 'suspended']),
  version: uintJ,
  timestamp: bigintJ,
  previous_hash: bytesJ,
  io_root: bytesJ,
  state_root: bytesJ,
  messages_hash: bytesJ,
  in_msgs_hash: bytesJ,
});

const chainJ = objectJ<RuntimeChainView>({
  round: bigintJ,
  latest_block_hash: bytesJ,
  latest_height: uintJ,
  last_normal_round: bigintJ,
  last_normal_height: uintJ,
  suspended: boolJ,
  next_timeout: uintJ,
});

const descriptorJ = objectJ<RuntimeDescriptorView>({
  entity_id: bytesJ,
  kind: uintJ,
  tee_hardware: uintJ,
  governance_model: uintJ,
  genesis_round: bigintJ,
  genesis_state_root: bytesJ,
  active_version: nullableJ(stringJ),
  suspended: boolJ,
  cbor: bytesJ,
});

/** A runtime: descriptor and chain. */
export const runtimeJ = objectJ<RuntimeView>({
  id: bytesJ,
  descriptor: nullableJ(descriptorJ),
  chain: nullableJ(chainJ),
});

const memberJ = objectJ<CommitteeMemberView>({
  role: enumJ(['worker', 'backup_worker', 'storage']),
  public_key: bytesJ,
});

const committeeJ = objectJ<CommitteeView>({
  kind: enumJ(['executor', 'storage']),
  runtime_id: bytesJ,
  valid_for: uintJ,
  members: arrayJ(memberJ),
});

/** The committees of a runtime at an epoch. */
export const committeesJ = objectJ<CommitteesView>({ epoch: uintJ, committees: arrayJ(committeeJ) });

const faultJ = objectJ<NodeFaultView>({ runtime_id: bytesJ, failures: uintJ, suspended_until: bigintJ });

const nodeStatusJ = objectJ<NodeStatusView>({
  expiration_processed: boolJ,
  freeze_end_time: bigintJ,
  election_eligible_after: bigintJ,
  faults: arrayJ(faultJ),
});

/** A registered node with its status. */
export const nodeJ = objectJ<NodeView>({
  id: bytesJ,
  entity_id: bytesJ,
  expiration: bigintJ,
  roles: uintJ,
  consensus_id: bytesJ,
  p2p_id: bytesJ,
  runtimes: arrayJ(bytesJ),
  cbor: bytesJ,
  status: nullableJ(nodeStatusJ),
});

const messageJ = objectJ<RuntimeMessageView>({ kind: stringJ, cbor: bytesJ });

/** The outcome of one runtime message. */
export const messageResultJ = objectJ<MessageResultView>({ index: uintJ, module: stringJ, code: uintJ });

/** The last normal round's results. */
export const roundResultsJ = objectJ<RoundResultsView>({
  runtime_id: bytesJ,
  round: bigintJ,
  height: uintJ,
  messages: arrayJ(messageJ),
  message_results: arrayJ(messageResultJ),
  message_results_complete: boolJ,
  good_compute_nodes: arrayJ(bytesJ),
  bad_compute_nodes: arrayJ(bytesJ),
});
