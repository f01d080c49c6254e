/**
 * Read functions over a VED state view for the API and the compute workers (issue 6, item 5):
 * runtime state (latest block, round, suspension), round results, committees of a runtime at an
 * epoch, and the registry's entities, nodes (with their status) and runtime descriptors; with a
 * UED reader, the outcomes of the last round's messages for its next round. A view
 * is any `{get, entries}` over the VED: a committed tree through {@link vedView}, or a block's
 * working state. Stored records are decoded strictly (each service's CORRUPT_STATE otherwise).
 */
import { BlockOverlay } from '../consensus/index.js';
import type { Tree } from '../mkvs/index.js';
import {
  type Entity,
  type KvReader,
  type Node,
  type NodeStatus,
  RegistryStateReader,
  type Runtime,
} from '../services/registry/index.js';
import {
  type BlockHeader,
  type IncomingMessage,
  type KvGet,
  type MessageResult,
  type RoundResults,
  type RuntimeState,
  readAllRuntimeStates,
  readMessageResults,
  readQueue,
  readRoundResults,
  readRuntimeState,
} from '../services/roothash/index.js';
import { type Committee, SchedulerStateReader } from '../services/scheduler/index.js';

/** A read-only view of a committed VED tree. */
export function vedView(tree: Tree): KvReader {
  return new BlockOverlay(tree);
}

/** What a client needs of a runtime's chain. */
export interface RuntimeStatus {
  readonly runtime_id: Uint8Array;
  readonly latest_block: BlockHeader;
  readonly round: bigint;
  /** Consensus height of the latest runtime block. */
  readonly latest_height: bigint;
  readonly last_normal_round: bigint;
  readonly suspended: boolean;
  /** Consensus height the current round times out at (0: no timer). */
  readonly next_timeout: bigint;
}

/**
 * What a runtime's next round reads of the last normal round (the RHP's `round_results`): the
 * outcome of each of its messages in index order, and the good and bad nodes.
 */
export interface LastRoundResults {
  readonly round: bigint;
  /** Consensus height that finalized the round (its staking messages run in that height's UED). */
  readonly height: bigint;
  readonly messages: MessageResult[];
  /**
   * False while some message has no result here yet: its UED height is not executed (or no UED
   * reader was given).
   */
  readonly complete: boolean;
  readonly good_compute_nodes: Uint8Array[];
  readonly bad_compute_nodes: Uint8Array[];
}

/** Queries over one VED view (and, for message results, the UED by key). */
export class RuntimeQueries {
  private readonly registry: RegistryStateReader;
  private readonly scheduler: SchedulerStateReader;

  constructor(
    private readonly view: KvReader,
    private readonly ued?: KvGet,
  ) {
    this.registry = new RegistryStateReader(view);
    this.scheduler = new SchedulerStateReader(view);
  }

  /** Roothash's full record of a runtime, or null. */
  runtimeState(id: Uint8Array): Promise<RuntimeState | null> {
    return readRuntimeState(this.view, id);
  }

  /** Roothash's records of every runtime it knows, in id order. */
  runtimeStates(): Promise<RuntimeState[]> {
    return readAllRuntimeStates(this.view);
  }

  /** The latest block and round of a runtime, or null when roothash does not know it. */
  async runtimeStatus(id: Uint8Array): Promise<RuntimeStatus | null> {
    const st = await readRuntimeState(this.view, id);
    if (st === null) return null;
    return {
      runtime_id: st.runtime_id,
      latest_block: st.last_block,
      round: st.last_block.round,
      latest_height: st.last_block_height,
      last_normal_round: st.last_normal_round,
      suspended: st.suspended,
      next_timeout: st.next_timeout,
    };
  }

  /** The last normal round's messages and good and bad nodes, or null. */
  roundResults(id: Uint8Array): Promise<RoundResults | null> {
    return readRoundResults(this.view, id);
  }

  /**
   * The last normal round's results with the outcome of each of its messages, merged from the
   * VED's record (registry and governance messages) and the UED's (staking ones); null before
   * the runtime's first normal round.
   */
  async lastRoundResults(id: Uint8Array): Promise<LastRoundResults | null> {
    const [st, rr] = await Promise.all([readRuntimeState(this.view, id), readRoundResults(this.view, id)]);
    if (st === null || rr === null) return null;
    const round = st.last_normal_round;
    const byIndex = new Map<number, MessageResult>();
    for (const kv of this.ued ? [this.view, this.ued] : [this.view]) {
      const rec = await readMessageResults(kv, id);
      if (rec?.round === round) for (const r of rec.results) byIndex.set(r.index, r);
    }
    const messages = [...byIndex.values()].sort((a, b) => a.index - b.index);
    return {
      round,
      height: st.last_normal_height,
      messages,
      complete: messages.length === rr.messages.length,
      good_compute_nodes: rr.good_compute_nodes,
      bad_compute_nodes: rr.bad_compute_nodes,
    };
  }

  /** The incoming messages queued for a runtime, in id order (what its next rounds consume). */
  inMessages(id: Uint8Array): Promise<IncomingMessage[]> {
    return readQueue(this.view, id);
  }

  /** The committees of a runtime valid for `epoch` (executor, then storage). */
  committees(id: Uint8Array, epoch: bigint): Promise<Committee[]> {
    return this.scheduler.runtimeCommittees(id, epoch);
  }

  /** One committee of a runtime at `epoch`, or null. */
  committee(id: Uint8Array, kind: number, epoch: bigint): Promise<Committee | null> {
    return this.scheduler.committee(id, kind, epoch);
  }

  /** An entity, or null. */
  entity(id: Uint8Array): Promise<Entity | null> {
    return this.registry.entity(id);
  }

  /** A node descriptor and its status, or null. */
  async node(id: Uint8Array): Promise<{ node: Node; status: NodeStatus | null } | null> {
    const node = await this.registry.node(id);
    return node === null ? null : { node, status: await this.registry.nodeStatus(id) };
  }

  /** All registered nodes in id order. */
  nodes(): Promise<Node[]> {
    return this.registry.nodes();
  }

  /** A runtime descriptor with its suspension, or null. */
  async runtime(id: Uint8Array): Promise<{ runtime: Runtime; suspended: boolean } | null> {
    const runtime = await this.registry.runtime(id);
    if (runtime === null) return null;
    return { runtime, suspended: (await this.registry.suspension(id)) !== null };
  }

  /** All runtime descriptors in id order. */
  runtimes(): Promise<Runtime[]> {
    return this.registry.runtimes();
  }
}
