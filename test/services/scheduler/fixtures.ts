/**
 * Test doubles of the scheduler's sources: a registry stand-in (runtimes and nodes with statuses)
 * and a fixed beacon, plus deterministic node, entity and runtime ids.
 */
import { hash, toHex, u64be, utf8 } from '../../../src/common/index.js';
import {
  type BeaconSource,
  type Candidate,
  type CandidateSource,
  type ElectionBeacon,
  type KvReader,
  NODE_ROLE_COMPUTE,
  type RuntimeInfo,
  type RuntimeSource,
} from '../../../src/services/scheduler/index.js';

/** A deterministic 32-byte id for a label and an index. */
export function id32(label: string, i: number): Uint8Array {
  return hash(utf8(label), u64be(i));
}

/** Runtime id number `i`. */
export const runtimeId = (i: number): Uint8Array => id32('runtime', i);

/** A node as the fake registry keeps it. */
export interface FakeNode extends Candidate {
  /** Registry-only filters (the scheduler never sees these nodes). */
  expired?: boolean;
  suspended?: boolean;
  /** Runtimes served (hex ids); absent: all. */
  serves?: Set<string>;
}

/** `n` compute nodes, entity `i` owning node `i` unless `entityOf` says otherwise. */
export function computeNodes(
  n: number,
  entityOf: (i: number) => number = (i) => i,
  roles = NODE_ROLE_COMPUTE,
): FakeNode[] {
  return Array.from({ length: n }, (_, i) => ({
    id: id32('node', i),
    entity_id: id32('entity', entityOf(i)),
    roles,
  }));
}

/** A runtime with the given executor sizes and optional storage committee size. */
export function runtime(
  i: number,
  group: number,
  backup = 0,
  storage = 0,
  extra: Partial<RuntimeInfo> = {},
): RuntimeInfo {
  return {
    id: runtimeId(i),
    executor: { group_size: group, group_backup_size: backup },
    storage: { group_size: storage },
    ...extra,
  };
}

/**
 * Registry stand-in. Like the registry's `eligibleNodes`, it leaves out expired and suspended
 * nodes and nodes not serving the runtime, but passes frozen and not-yet-eligible nodes through
 * so that the election's own checks are exercised.
 */
export class FakeRegistry implements RuntimeSource, CandidateSource {
  rts: RuntimeInfo[] = [];
  nodes: FakeNode[] = [];
  /** Calls to `candidates`, to check who asked for what. */
  calls: { runtime: string; epoch: bigint; role: number }[] = [];

  async runtimes(_state: KvReader, _epoch: bigint): Promise<readonly RuntimeInfo[]> {
    return this.rts;
  }

  async candidates(
    _s: KvReader,
    rid: Uint8Array,
    epoch: bigint,
    role: number,
  ): Promise<readonly Candidate[]> {
    const r = toHex(rid);
    this.calls.push({ runtime: r, epoch, role });
    return this.nodes
      .filter((n) => !n.expired && !n.suspended && (n.serves === undefined || n.serves.has(r)))
      .filter((n) => (n.roles & role) !== 0)
      .map(({ expired: _e, suspended: _s2, serves: _v, ...c }) => c);
  }
}

/** A beacon source returning `f(epoch)`. */
export function fixedBeacon(f: (epoch: bigint) => ElectionBeacon): BeaconSource {
  return { electionBeacon: async (_state, epoch) => f(epoch) };
}

/** The insecure beacon value used by tests for `epoch`. */
export const testBeaconValue = (epoch: bigint): Uint8Array => id32('beacon', Number(epoch));

/** An insecure beacon source with {@link testBeaconValue}. */
export const insecureBeacon: BeaconSource = fixedBeacon((e) => ({
  backend: 'insecure',
  value: testBeaconValue(e),
}));
