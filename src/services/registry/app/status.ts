/**
 * Node status bookkeeping that roothash and the scheduler drive (spec/oasis.md §3.7, §6):
 * freezing, the `registry.UnfreezeNode` handler, and per-runtime liveness faults.
 */
import { bytesEqual, compareBytes, toHex } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import { EVENT_NODE_UNFROZEN, type Fault, MAX_EPOCH, type NodeStatus, RegistryError } from '../api/index.js';
import { RegistryStateWriter } from '../state/index.js';
import { type RegistryEnv, requireTxSigner } from './env.js';

/** Longest liveness suspension, in epochs (2^failures, capped). */
export const MAX_FAULT_SUSPENSION = 64n;

async function statusOf(w: RegistryStateWriter, node: Uint8Array): Promise<NodeStatus> {
  const s = await w.nodeStatus(node);
  if (s === null) throw new RegistryError(RegistryError.NODE_NOT_FOUND, `registry: no node ${toHex(node)}`);
  return s;
}

/** Freeze a node until at least `until` (a later existing freeze is kept). */
export async function freezeNode(state: KvState, node: Uint8Array, until: bigint): Promise<void> {
  const w = new RegistryStateWriter(state);
  const s = await statusOf(w, node);
  const end = until > s.freeze_end_time ? until : s.freeze_end_time;
  w.setNodeStatus(node, { ...s, freeze_end_time: end === 0n ? 1n : end });
}

/** Whether a node's status is frozen. */
export function isFrozen(s: NodeStatus): boolean {
  return s.freeze_end_time > 0n;
}

/** `registry.UnfreezeNode`: the node's entity lifts a freeze that has ended. */
export async function unfreezeNode(env: RegistryEnv, node: Uint8Array): Promise<void> {
  const n = await env.w.node(node);
  if (n === null) throw new RegistryError(RegistryError.NODE_NOT_FOUND, `registry: no node ${toHex(node)}`);
  requireTxSigner(env, n.entity_id, 'unfreeze (the node entity)');
  const s = await statusOf(env.w, node);
  if (!isFrozen(s)) throw new RegistryError(RegistryError.NODE_NOT_FROZEN, 'registry: node is not frozen');
  if (env.epoch < s.freeze_end_time) {
    throw new RegistryError(
      RegistryError.NODE_STILL_FROZEN,
      `registry: node frozen until epoch ${s.freeze_end_time}`,
    );
  }
  env.w.setNodeStatus(node, { ...s, freeze_end_time: 0n });
  env.emit(EVENT_NODE_UNFROZEN, { id: node });
}

function withFault(s: NodeStatus, f: Fault): NodeStatus {
  const faults = s.faults.filter((x) => !bytesEqual(x.runtime_id, f.runtime_id));
  if (f.failures > 0 || f.suspended_until > 0n) faults.push(f);
  faults.sort((a, b) => compareBytes(a.runtime_id, b.runtime_id));
  return { ...s, faults };
}

/** A node's fault record for a runtime (zero when none). */
export function faultFor(s: NodeStatus, runtime: Uint8Array): Fault {
  return (
    s.faults.find((f) => bytesEqual(f.runtime_id, runtime)) ?? {
      runtime_id: runtime,
      failures: 0,
      suspended_until: 0n,
    }
  );
}

/** Whether the node is suspended for `runtime` at `epoch`. */
export function isSuspendedFor(s: NodeStatus, runtime: Uint8Array, epoch: bigint): boolean {
  return epoch < faultFor(s, runtime).suspended_until;
}

/** Record a liveness failure at `epoch`: one more failure, suspended 2^failures epochs (≤ 64). */
export async function recordFault(
  state: KvState,
  node: Uint8Array,
  runtime: Uint8Array,
  epoch: bigint,
): Promise<Fault> {
  const w = new RegistryStateWriter(state);
  const s = await statusOf(w, node);
  const old = faultFor(s, runtime);
  const failures = Math.min(old.failures + 1, 255);
  const span = failures >= 6 ? MAX_FAULT_SUSPENSION : 1n << BigInt(failures);
  const until = epoch + span > MAX_EPOCH ? MAX_EPOCH : epoch + span;
  const f = { runtime_id: runtime, failures, suspended_until: until };
  w.setNodeStatus(node, withFault(s, f));
  return f;
}

/** Record a live epoch: one failure forgiven; the record goes once clear and not suspended. */
export async function recordSuccess(
  state: KvState,
  node: Uint8Array,
  runtime: Uint8Array,
  epoch: bigint,
): Promise<Fault> {
  const w = new RegistryStateWriter(state);
  const s = await statusOf(w, node);
  const old = faultFor(s, runtime);
  const failures = Math.max(old.failures - 1, 0);
  const cleared = failures === 0 && old.suspended_until <= epoch;
  const f = { ...old, failures, suspended_until: cleared ? 0n : old.suspended_until };
  w.setNodeStatus(node, withFault(s, f));
  return f;
}

/**
 * Store a node's fault record for a runtime as roothash's liveness evaluation decided it
 * (spec/oasis.md §3.7); a cleared record (no failures, not suspended) is dropped.
 */
export async function setFault(state: KvState, node: Uint8Array, fault: Fault): Promise<void> {
  const w = new RegistryStateWriter(state);
  w.setNodeStatus(node, withFault(await statusOf(w, node), fault));
}
