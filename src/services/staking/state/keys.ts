/**
 * Every key the staking service writes. All start with the service prefix 0x53 ('S'), then a
 * one-byte record kind. Multi-part keys put the fixed-size parts in a fixed order so that a
 * prefix scan returns them in the order the service needs:
 *
 * | kind | key                                               | value                   |
 * |------|---------------------------------------------------|-------------------------|
 * | 0x01 | S 01                                              | params (CBOR)           |
 * | 0x02 | S 02                                              | common pool (quantity)  |
 * | 0x03 | S 03 ‖ escrow account                             | escrow record (CBOR)    |
 * | 0x04 | S 04 ‖ delegator ‖ escrow account                 | shares (quantity)       |
 * | 0x05 | S 05 ‖ end epoch (u64 BE) ‖ delegator ‖ account   | debonding shares        |
 * | 0x06 | S 06                                              | kept snapshot epochs    |
 * | 0x07 | S 07 ‖ epoch (u64 BE) ‖ escrow account            | active balance          |
 * | 0x08 | S 08 ‖ owner ‖ beneficiary                        | allowance (quantity)    |
 *
 * Debonding keys lead with the end epoch so the payout scans only matured entries, oldest first.
 */

import { ADDRESS_SIZE, concatBytes, readU64be, u64be } from '../../../common/index.js';
import { StatePrefix } from '../../../consensus/index.js';
import { StakingError } from '../api/errors.js';

/** The staking service's state prefix byte ('S'). */
export const STAKING_PREFIX: number = StatePrefix.staking;

const KIND_PARAMS = 0x01;
const KIND_COMMON_POOL = 0x02;
const KIND_ESCROW = 0x03;
const KIND_DELEGATION = 0x04;
const KIND_DEBONDING = 0x05;
const KIND_SNAPSHOT_EPOCHS = 0x06;
const KIND_SNAPSHOT = 0x07;
const KIND_ALLOWANCE = 0x08;

const kind = (k: number): Uint8Array => Uint8Array.of(STAKING_PREFIX, k);

function addr(a: Uint8Array, what: string): Uint8Array {
  if (!(a instanceof Uint8Array) || a.length !== ADDRESS_SIZE) {
    throw new StakingError(StakingError.INVALID_ARGUMENT, `${what} must be a ${ADDRESS_SIZE}-byte address`);
  }
  return a;
}

/** Prefix of all staking keys. */
export const stakingPrefix = (): Uint8Array => Uint8Array.of(STAKING_PREFIX);
/** Key of the parameters. */
export const paramsKey = (): Uint8Array => kind(KIND_PARAMS);
/** Key of the common pool balance. */
export const commonPoolKey = (): Uint8Array => kind(KIND_COMMON_POOL);
/** Prefix of all escrow records. */
export const escrowPrefix = (): Uint8Array => kind(KIND_ESCROW);
/** Key of one escrow account's record. */
export const escrowKey = (account: Uint8Array): Uint8Array =>
  concatBytes(kind(KIND_ESCROW), addr(account, 'escrow account'));
/** Prefix of all delegations. */
export const delegationPrefix = (): Uint8Array => kind(KIND_DELEGATION);
/** Key of a delegation's active shares. */
export const delegationKey = (delegator: Uint8Array, account: Uint8Array): Uint8Array =>
  concatBytes(kind(KIND_DELEGATION), addr(delegator, 'delegator'), addr(account, 'escrow account'));
/** Key of what `beneficiary` may withdraw from `owner`'s general balance. */
export const allowanceKey = (owner: Uint8Array, beneficiary: Uint8Array): Uint8Array =>
  concatBytes(kind(KIND_ALLOWANCE), addr(owner, 'owner'), addr(beneficiary, 'beneficiary'));
/** Prefix of all debonding delegations. */
export const debondingPrefix = (): Uint8Array => kind(KIND_DEBONDING);
/** Key of a debonding delegation. */
export const debondingKey = (endEpoch: bigint, delegator: Uint8Array, account: Uint8Array): Uint8Array =>
  concatBytes(
    kind(KIND_DEBONDING),
    epochBytes(endEpoch),
    addr(delegator, 'delegator'),
    addr(account, 'escrow account'),
  );
/** Key of the list of kept snapshot epochs. */
export const snapshotEpochsKey = (): Uint8Array => kind(KIND_SNAPSHOT_EPOCHS);
/** Prefix of one epoch's snapshot rows. */
export const snapshotPrefix = (epoch: bigint): Uint8Array =>
  concatBytes(kind(KIND_SNAPSHOT), epochBytes(epoch));
/** Key of one snapshot row. */
export const snapshotKey = (epoch: bigint, account: Uint8Array): Uint8Array =>
  concatBytes(snapshotPrefix(epoch), addr(account, 'escrow account'));

function epochBytes(e: bigint): Uint8Array {
  if (typeof e !== 'bigint' || e < 0n || e > 0xffffffffffffffffn) {
    throw new StakingError(StakingError.OVERFLOW, 'epoch out of u64 range');
  }
  return u64be(e);
}

function corrupt(what: string): never {
  throw new StakingError(StakingError.CORRUPT_STATE, `malformed ${what} key`);
}

/** The account of an escrow key. */
export function parseEscrowKey(key: Uint8Array): Uint8Array {
  if (key.length !== 2 + ADDRESS_SIZE || key[1] !== KIND_ESCROW) corrupt('escrow');
  return key.slice(2);
}

/** The parts of a delegation key. */
export function parseDelegationKey(key: Uint8Array): { delegator: Uint8Array; account: Uint8Array } {
  if (key.length !== 2 + 2 * ADDRESS_SIZE || key[1] !== KIND_DELEGATION) corrupt('delegation');
  return { delegator: key.slice(2, 2 + ADDRESS_SIZE), account: key.slice(2 + ADDRESS_SIZE) };
}

/** The parts of a debonding key. */
export function parseDebondingKey(key: Uint8Array): {
  endEpoch: bigint;
  delegator: Uint8Array;
  account: Uint8Array;
} {
  if (key.length !== 10 + 2 * ADDRESS_SIZE || key[1] !== KIND_DEBONDING) corrupt('debonding');
  return {
    endEpoch: readU64be(key, 2),
    delegator: key.slice(10, 10 + ADDRESS_SIZE),
    account: key.slice(10 + ADDRESS_SIZE),
  };
}

/** The account of a snapshot row key. */
export function parseSnapshotKey(key: Uint8Array): Uint8Array {
  if (key.length !== 10 + ADDRESS_SIZE || key[1] !== KIND_SNAPSHOT) corrupt('snapshot');
  return key.slice(10);
}
