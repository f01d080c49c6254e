/**
 * Scheduler types and their canonical CBOR codecs: committees (spec/oasis.md §4), parameters,
 * genesis and the epoch record kept in state. Struct field names are the wire names.
 */
import {
  array,
  bytes32,
  type Codec,
  type Infer,
  optional,
  struct,
  toHex,
  u8,
  u16,
  u32,
  u64,
  withDefault,
} from '../../../common/index.js';
import { CommitteeKind, MAX_COMMITTEE_MEMBERS, Role } from './constants.js';
import { SchedulerError } from './errors.js';

/** One committee member: its role and node public key. */
export const committeeMemberCodec = struct({ role: u8, public_key: bytes32 }, 'CommitteeMember');
/** One committee member: its role and node public key. */
export type CommitteeMember = Infer<typeof committeeMemberCodec>;

const committeeShape = struct(
  {
    kind: u8,
    /** Workers in election order, then backup workers (executor); storage nodes (storage). */
    members: array(committeeMemberCodec, MAX_COMMITTEE_MEMBERS),
    runtime_id: bytes32,
    /** The epoch this committee serves. */
    valid_for: u64,
  },
  'Committee',
);
/** A committee elected for one runtime, kind and epoch. */
export type Committee = Infer<typeof committeeShape>;

function bad(why: string): never {
  throw new SchedulerError(SchedulerError.INVALID_COMMITTEE, `committee: ${why}`);
}

function rolesOf(kind: number): readonly number[] {
  if (kind === CommitteeKind.executor) return [Role.worker, Role.backupWorker];
  if (kind === CommitteeKind.storage) return [Role.storage];
  return bad(`unknown kind ${kind}`);
}

/**
 * Checks the committee rules: a known kind; at least one member of the kind's first role
 * (a worker, or a storage node); roles that belong to the kind, in role order (workers before
 * backups, which the rank formula relies on); no node listed twice in one role. INVALID_COMMITTEE
 * otherwise.
 */
export function validateCommittee(c: Committee): Committee {
  const roles = rolesOf(c.kind);
  if (c.members.length === 0 || c.members[0]!.role !== roles[0]) bad(`no member in role ${roles[0]}`);
  const seen = new Set<string>();
  let last = 0;
  for (const m of c.members) {
    if (!roles.includes(m.role)) bad(`role ${m.role} in a kind ${c.kind} committee`);
    if (m.role < last) bad('members not grouped by role (workers first)');
    last = m.role;
    const id = `${m.role}:${toHex(m.public_key)}`;
    if (seen.has(id)) bad(`node ${toHex(m.public_key)} listed twice as role ${m.role}`);
    seen.add(id);
  }
  return c;
}

/** Codec of a committee; both directions check {@link validateCommittee}. */
export const committeeCodec: Codec<Committee> = {
  name: 'Committee',
  toCbor: (v, path) => committeeShape.toCbor(validateCommittee(v), path),
  fromCbor: (r, path) => validateCommittee(committeeShape.fromCbor(r, path)),
};

/** Consensus parameters of the scheduler (no debug flags). */
export const schedulerParamsCodec = struct(
  {
    /** Largest committee role size elected; a runtime asking for more gets no committee. */
    max_committee_size: u32,
    /**
     * Chain-wide cap on the nodes of one entity in one role of one committee, used when a runtime
     * sets no `max_nodes` of its own (0: no cap), the committee analogue of Oasis's
     * `max_validators_per_entity`.
     */
    max_nodes_per_entity: withDefault(u16, 0),
  },
  'SchedulerParams',
);
/** Consensus parameters of the scheduler. */
export type SchedulerParams = Infer<typeof schedulerParamsCodec>;

/** Defaults for tests and local networks. */
export const DEFAULT_SCHEDULER_PARAMS: SchedulerParams = {
  max_committee_size: 1000,
  max_nodes_per_entity: 0,
};

/** The scheduler's genesis document. */
export const schedulerGenesisCodec = struct({ params: schedulerParamsCodec }, 'SchedulerGenesis');
/** The scheduler's genesis document. */
export type SchedulerGenesis = Infer<typeof schedulerGenesisCodec>;

/** State record: the chain's base epoch (never elected in) and the last epoch elected for. */
export const schedulerEpochStateCodec = struct(
  { base_epoch: u64, last_epoch: optional(u64) },
  'SchedulerEpochState',
);
/** State record: the base epoch and the last epoch elected for. */
export type SchedulerEpochState = Infer<typeof schedulerEpochStateCodec>;
