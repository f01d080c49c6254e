/**
 * Executor committees and runtime executor parameters as roothash consumes them (spec/oasis.md
 * §3.4, RT-16/17). The scheduler service elects committees; roothash only reads them, so they are
 * plain inputs here. Members list every worker first, then every backup worker; a node may appear
 * once per role. Only workers propose: worker `i` has rank `(round + i) mod workers` (0 = primary).
 */
import { array, bytes32, bytesEqual, type Infer, struct, u8, u16, u32, u64 } from '../../../common/index.js';
import { RoothashError } from './errors.js';

/** Committee roles. */
export const Role = { Worker: 1, BackupWorker: 2 } as const;
/** A committee role number. */
export type Role = (typeof Role)[keyof typeof Role];

/** Most members a committee may list. */
export const MAX_COMMITTEE_MEMBERS = 1024;

/** An executor committee. */
export const committeeCodec = struct(
  { members: array(struct({ role: u8, public_key: bytes32 }, 'CommitteeNode'), MAX_COMMITTEE_MEMBERS) },
  'Committee',
);
/** An executor committee. */
export type Committee = Infer<typeof committeeCodec>;

/** A runtime's executor parameters (the subset roothash uses). */
export const executorParamsCodec = struct(
  {
    group_size: u16,
    group_backup_size: u16,
    allowed_stragglers: u16,
    /** Blocks after the best scheduler's commitment before the round times out. */
    round_timeout: u64,
    max_messages: u32,
    min_live_rounds_percent: u8,
    /** 0 disables the proposer check. */
    max_missed_proposals_percent: u8,
    min_live_rounds_eval: u64,
    /** 0 means 255. */
    max_liveness_fails: u8,
  },
  'ExecutorParams',
);
/** A runtime's executor parameters. */
export type ExecutorParams = Infer<typeof executorParamsCodec>;

/** Throw INVALID_COMMITTEE unless workers come first, roles are known and (key, role) is unique. */
export function validateCommittee(c: Committee): Committee {
  let seenBackup = false;
  const seen = new Set<string>();
  for (const m of c.members) {
    if (m.role !== Role.Worker && m.role !== Role.BackupWorker) invalid(`unknown role ${m.role}`);
    if (m.role === Role.BackupWorker) seenBackup = true;
    else if (seenBackup) invalid('a worker is listed after a backup worker');
    const k = `${m.role}:${Buffer.from(m.public_key).toString('hex')}`;
    if (seen.has(k)) invalid('a node is listed twice in one role');
    seen.add(k);
  }
  if (workerCount(c) === 0) invalid('a committee needs at least one worker');
  return c;
}

function invalid(msg: string): never {
  throw new RoothashError(RoothashError.INVALID_COMMITTEE, msg);
}

/** Number of workers (they are the first entries of `members`). */
export function workerCount(c: Committee): number {
  return c.members.filter((m) => m.role === Role.Worker).length;
}

/** Whether `id` holds `role` in the committee. */
export function hasRole(c: Committee, id: Uint8Array, role: Role): boolean {
  return c.members.some((m) => m.role === role && bytesEqual(m.public_key, id));
}

/** Whether `id` is a member in any role. */
export function isMember(c: Committee, id: Uint8Array): boolean {
  return c.members.some((m) => bytesEqual(m.public_key, id));
}

/** `(round + index) mod workers`. */
export function rankOf(index: number, round: bigint, workers: number): bigint {
  return (round + BigInt(index)) % BigInt(workers);
}

/** Inverse of {@link rankOf}: `(rank + n − round mod n) mod n`. */
export function indexOfRank(rank: bigint, round: bigint, workers: number): number {
  const n = BigInt(workers);
  return Number((rank + n - (round % n)) % n);
}

/** The scheduler rank of `id` in `round`, or undefined if it is not a worker. */
export function schedulerRank(c: Committee, round: bigint, id: Uint8Array): bigint | undefined {
  const i = c.members.findIndex((m) => m.role === Role.Worker && bytesEqual(m.public_key, id));
  return i < 0 ? undefined : rankOf(i, round, workerCount(c));
}

/** The member index of the worker holding `rank` in `round` (0 = the primary scheduler). */
export function schedulerIndex(c: Committee, round: bigint, rank: bigint): number {
  return indexOfRank(rank, round, workerCount(c));
}
