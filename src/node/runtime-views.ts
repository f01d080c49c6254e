/**
 * The API's views of runtimes (issue 6): records read through {@link RuntimeQueries} over the
 * committed VED, turned into the plain shapes of `api/runtime-backend.ts`. Descriptors keep their
 * canonical CBOR beside a summary, so nothing of them is lost to the JSON form.
 */
import type {
  CommitteeView,
  NodeView,
  RoundResultsView,
  RuntimeBlockView,
  RuntimeChainView,
  RuntimeDescriptorView,
  RuntimeMessageView,
} from '../api/index.js';
import { encodeWith } from '../common/index.js';
import type { LastRoundResults } from '../domains/index.js';
import {
  activeVersion,
  type Node,
  type NodeStatus,
  nodeCodec,
  type Runtime,
  runtimeCodec,
} from '../services/registry/index.js';
import {
  type BlockHeader,
  blockHeaderHash,
  HeaderType,
  type RoundResults,
  type RuntimeMessage,
  type RuntimeState,
  runtimeMessageCodec,
} from '../services/roothash/index.js';
import { type Committee, CommitteeKind, Role } from '../services/scheduler/index.js';

const HEADER_TYPES: Record<number, RuntimeBlockView['header_type']> = {
  [HeaderType.Normal]: 'normal',
  [HeaderType.RoundFailed]: 'round_failed',
  [HeaderType.EpochTransition]: 'epoch_transition',
  [HeaderType.Suspended]: 'suspended',
};

/** A runtime block header with its hash. */
export function runtimeBlockView(h: BlockHeader): RuntimeBlockView {
  return {
    runtime_id: h.namespace,
    round: h.round,
    hash: blockHeaderHash(h),
    header_type: HEADER_TYPES[h.header_type] ?? 'normal',
    version: h.version,
    timestamp: h.timestamp,
    previous_hash: h.previous_hash,
    io_root: h.io_root,
    state_root: h.state_root,
    messages_hash: h.messages_hash,
    in_msgs_hash: h.in_msgs_hash,
  };
}

/** Roothash's chain of a runtime. */
export function runtimeChainView(st: RuntimeState): RuntimeChainView {
  return {
    round: st.last_block.round,
    latest_block_hash: blockHeaderHash(st.last_block),
    latest_height: Number(st.last_block_height),
    last_normal_round: st.last_normal_round,
    last_normal_height: Number(st.last_normal_height),
    suspended: st.suspended,
    next_timeout: Number(st.next_timeout),
  };
}

/** A registry descriptor, with the version active at `epoch`. */
export function runtimeDescriptorView(rt: Runtime, suspended: boolean, epoch: bigint): RuntimeDescriptorView {
  const v = activeVersion(rt, epoch);
  return {
    entity_id: rt.entity_id,
    kind: rt.kind,
    tee_hardware: rt.tee_hardware,
    governance_model: rt.governance_model,
    genesis_round: rt.genesis.round,
    genesis_state_root: rt.genesis.state_root,
    active_version: v === null ? null : `${v.major}.${v.minor}.${v.patch}`,
    suspended,
    cbor: encodeWith(runtimeCodec, rt),
  };
}

const ROLE_NAMES: Record<number, CommitteeView['members'][number]['role']> = {
  [Role.worker]: 'worker',
  [Role.backupWorker]: 'backup_worker',
  [Role.storage]: 'storage',
};

/** A committee (its kinds and roles were checked when it was decoded). */
export function committeeView(c: Committee): CommitteeView {
  return {
    kind: c.kind === CommitteeKind.storage ? 'storage' : 'executor',
    runtime_id: c.runtime_id,
    valid_for: Number(c.valid_for),
    members: c.members.map((m) => ({ role: ROLE_NAMES[m.role] ?? 'worker', public_key: m.public_key })),
  };
}

/** A node descriptor with its status. */
export function nodeView(n: Node, status: NodeStatus | null): NodeView {
  return {
    id: n.id,
    entity_id: n.entity_id,
    expiration: n.expiration,
    roles: n.roles,
    consensus_id: n.consensus.id,
    p2p_id: n.p2p.id,
    runtimes: (n.runtimes ?? []).map((r) => r.id),
    cbor: encodeWith(nodeCodec, n),
    status: status && {
      expiration_processed: status.expiration_processed,
      freeze_end_time: status.freeze_end_time,
      election_eligible_after: status.election_eligible_after,
      faults: status.faults.map((f) => ({ ...f })),
    },
  };
}

/** `staking.transfer`, `registry.update_runtime`, ...: the message's variant and its one action. */
export function messageKind(m: RuntimeMessage): string {
  for (const [variant, body] of Object.entries(m)) {
    if (body === undefined || body === null) continue;
    const action = Object.keys(body).find(
      (k) => k !== 'v' && (body as Record<string, unknown>)[k] !== undefined,
    );
    return action === undefined ? variant : `${variant}.${action}`;
  }
  return 'unknown';
}

function messageView(m: RuntimeMessage): RuntimeMessageView {
  return { kind: messageKind(m), cbor: encodeWith(runtimeMessageCodec, m) };
}

/** The last normal round's results with its messages' outcomes (`last`, of the same round). */
export function roundResultsView(
  st: RuntimeState,
  r: RoundResults,
  last: LastRoundResults,
): RoundResultsView {
  return {
    runtime_id: st.runtime_id,
    round: st.last_normal_round,
    height: Number(st.last_normal_height),
    messages: r.messages.map(messageView),
    message_results: last.messages.map(({ index, module, code }) => ({ index, module, code })),
    message_results_complete: last.complete,
    good_compute_nodes: r.good_compute_nodes,
    bad_compute_nodes: r.bad_compute_nodes,
  };
}
