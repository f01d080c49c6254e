/**
 * Scheduler ranks (spec/oasis.md §3.4, RT-16). Only workers have ranks. With n workers and a
 * worker's index i in the member list (workers come first, in election order):
 * rank(i, round) = (round + i) mod n, 0 being the round's primary proposer; the inverse is
 * index(rank, round) = (rank + n − round mod n) mod n.
 */
import { bytesEqual } from '../../../common/index.js';
import { type Committee, Role, SchedulerError } from '../api/index.js';

/** Public keys of the committee's workers, in member order. */
export function workers(committee: Committee): Uint8Array[] {
  return committee.members.filter((m) => m.role === Role.worker).map((m) => m.public_key);
}

function checkRound(round: bigint): void {
  if (round < 0n || round > 0xffffffffffffffffn) {
    throw new SchedulerError(SchedulerError.INVALID_ARGUMENT, `scheduler: round ${round} out of u64 range`);
  }
}

/** The scheduler rank of `nodeId` in `round`, or null when it is not a worker of the committee. */
export function schedulerRank(committee: Committee, nodeId: Uint8Array, round: bigint): bigint | null {
  checkRound(round);
  const ws = workers(committee);
  const i = ws.findIndex((w) => bytesEqual(w, nodeId));
  if (i < 0) return null;
  return (round + BigInt(i)) % BigInt(ws.length);
}

/** The worker holding `rank` in `round`, or null when the rank is not below the worker count. */
export function schedulerAt(committee: Committee, rank: bigint, round: bigint): Uint8Array | null {
  checkRound(round);
  const ws = workers(committee);
  const n = BigInt(ws.length);
  if (rank < 0n || rank >= n) return null;
  return ws[Number((rank + n - (round % n)) % n)]!;
}
