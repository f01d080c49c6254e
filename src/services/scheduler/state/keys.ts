/**
 * Every key the scheduler writes, in one place. All keys start with the service prefix byte 0x43
 * ('C', committees) followed by a record type byte:
 *
 * | key                                              | value                           |
 * |--------------------------------------------------|---------------------------------|
 * | 43 01                                            | params (SchedulerParams)        |
 * | 43 02                                            | epoch state (SchedulerEpochState)|
 * | 43 03 ‖ u64be(epoch) ‖ runtime_id(32) ‖ u8(kind) | committee (Committee)           |
 *
 * Committees are keyed epoch first, so one prefix scan gives an epoch's committees in runtime-id
 * then kind order, and pruning old epochs stops at the first kept key.
 */

import { concatBytes, readU64be, u64be } from '../../../common/index.js';
import { StatePrefix } from '../../../consensus/index.js';
import { ID_SIZE, SchedulerError } from '../api/index.js';

/** The scheduler's one-byte service prefix ('C'). */
export const SCHEDULER_PREFIX: number = StatePrefix.scheduler;

const PARAMS = 0x01;
const EPOCH_STATE = 0x02;
const COMMITTEE = 0x03;

const fixed = (type: number): Uint8Array => Uint8Array.of(SCHEDULER_PREFIX, type);

/** Key of the parameters. */
export const paramsKey: Uint8Array = fixed(PARAMS);
/** Key of the epoch state. */
export const epochStateKey: Uint8Array = fixed(EPOCH_STATE);
/** Prefix of all committees. */
export const committeePrefixAll: Uint8Array = fixed(COMMITTEE);

/** Length of a committee key: prefix(2) + epoch(8) + runtime id(32) + kind(1). */
export const COMMITTEE_KEY_LEN = 43;

function arg(why: string): never {
  throw new SchedulerError(SchedulerError.INVALID_ARGUMENT, `scheduler key: ${why}`);
}

// DataView would silently wrap a negative or oversized epoch into another epoch's key.
function epochPart(epoch: bigint): Uint8Array {
  if (epoch < 0n || epoch > 0xffffffffffffffffn) arg(`epoch ${epoch} out of u64 range`);
  return u64be(epoch);
}

function runtimePart(runtimeId: Uint8Array): Uint8Array {
  if (runtimeId.length !== ID_SIZE) arg(`runtime id of ${runtimeId.length} bytes`);
  return runtimeId;
}

/** Prefix of the committees of `epoch`. */
export function epochCommitteesPrefix(epoch: bigint): Uint8Array {
  return concatBytes(committeePrefixAll, epochPart(epoch));
}

/** Prefix of the committees of `runtimeId` at `epoch`. */
export function runtimeCommitteesPrefix(epoch: bigint, runtimeId: Uint8Array): Uint8Array {
  return concatBytes(committeePrefixAll, epochPart(epoch), runtimePart(runtimeId));
}

/** Key of the committee of `kind` for `runtimeId` at `epoch`. */
export function committeeKey(epoch: bigint, runtimeId: Uint8Array, kind: number): Uint8Array {
  if (!Number.isInteger(kind) || kind < 1 || kind > 0xff) arg(`kind ${kind}`);
  return concatBytes(runtimeCommitteesPrefix(epoch, runtimeId), Uint8Array.of(kind));
}

/** The parts of a committee key. */
export interface CommitteeKeyParts {
  readonly epoch: bigint;
  readonly runtimeId: Uint8Array;
  readonly kind: number;
}

/** Parts of a committee key (as produced by {@link committeeKey}); CORRUPT_STATE otherwise. */
export function parseCommitteeKey(key: Uint8Array): CommitteeKeyParts {
  if (key.length !== COMMITTEE_KEY_LEN || key[0] !== SCHEDULER_PREFIX || key[1] !== COMMITTEE) {
    throw new SchedulerError(
      SchedulerError.CORRUPT_STATE,
      `scheduler state: bad committee key of ${key.length} bytes`,
    );
  }
  return { epoch: readU64be(key, 2), runtimeId: key.slice(10, 42), kind: key[42]! };
}
