/**
 * Every key of the vote program, in one place. All start with the service prefix 0x56 ('V'),
 * then a one-byte kind:
 *
 * | key                                   | value                                   |
 * |---------------------------------------|-----------------------------------------|
 * | 0x56 0x01 ‖ address (21)              | vote account record                     |
 * | 0x56 0x02 ‖ epoch (u64 BE)            | VED membership valid for that epoch     |
 * | 0x56 0x03 ‖ node (32) ‖ height (u64 BE) | empty: evidence already slashed       |
 *
 * Big-endian epochs and heights make the prefix scans come out in numeric order.
 */

import { ADDRESS_SIZE, concatBytes, u64be } from '../../../common/index.js';
import { StatePrefix } from '../../../consensus/index.js';
import { VoteError } from '../api/errors.js';

/** The vote program's one-byte state prefix ('V'). */
export const VOTE_PREFIX: number = StatePrefix.vote;

const KIND_ACCOUNT = 0x01;
const KIND_MEMBERSHIP = 0x02;
const KIND_SLASHED = 0x03;

/** Prefix of all vote account records. */
export const ACCOUNT_PREFIX: Uint8Array = Uint8Array.of(VOTE_PREFIX, KIND_ACCOUNT);
/** Prefix of all stored memberships. */
export const MEMBERSHIP_PREFIX: Uint8Array = Uint8Array.of(VOTE_PREFIX, KIND_MEMBERSHIP);

/** Key of the vote account at `address`. */
export function accountKey(address: Uint8Array): Uint8Array {
  if (address.length !== ADDRESS_SIZE) {
    throw new VoteError(VoteError.INVALID_ARGUMENT, 'vote account address must be 21 bytes');
  }
  return concatBytes(ACCOUNT_PREFIX, address);
}

/** The address part of an account key. */
export function addressOfAccountKey(key: Uint8Array): Uint8Array {
  if (key.length !== ACCOUNT_PREFIX.length + ADDRESS_SIZE) {
    throw new VoteError(VoteError.MALFORMED_STATE, 'vote account key has the wrong length');
  }
  return key.slice(ACCOUNT_PREFIX.length);
}

// DataView would silently wrap a negative or oversized value into another key.
function u64Part(v: bigint, what: string): Uint8Array {
  if (v < 0n || v > 0xffffffffffffffffn)
    throw new VoteError(VoteError.INVALID_ARGUMENT, `${what} out of u64 range`);
  return u64be(v);
}

/** Key of the membership valid for `epoch`. */
export function membershipKey(epoch: bigint): Uint8Array {
  return concatBytes(MEMBERSHIP_PREFIX, u64Part(epoch, 'epoch'));
}

/** Key marking that evidence against `node` at `height` was already slashed. */
export function slashedKey(node: Uint8Array, height: bigint): Uint8Array {
  if (node.length !== 32) throw new VoteError(VoteError.INVALID_ARGUMENT, 'node key must be 32 bytes');
  return concatBytes(Uint8Array.of(VOTE_PREFIX, KIND_SLASHED), node, u64Part(height, 'height'));
}
