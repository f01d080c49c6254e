/**
 * Every key the beacon writes, in one place. All keys start with the service prefix byte 0x40
 * (the range Oasis's beacon app uses) followed by a record type byte:
 *
 * | key                                   | value                         |
 * |---------------------------------------|-------------------------------|
 * | 40 01                                 | params (BeaconParams)         |
 * | 40 02                                 | epoch state (BeaconEpochState)|
 * | 40 03 ‖ u64be(epoch)                  | beacon value (32 raw bytes)   |
 * | 40 04                                 | VRF state (VrfState)          |
 * | 40 05 ‖ u64be(epoch) ‖ node(32)       | accepted proof (VrfProofRecord)|
 * | 40 06 ‖ node(32)                      | genesis VRF key (32 raw bytes)|
 *
 * Big-endian epochs make prefix iteration run in epoch order, then node-key order.
 */

import { concatBytes, readU64be, u64be } from '../../../common/index.js';
import { StatePrefix } from '../../../consensus/index.js';
import { BeaconError } from '../api/index.js';

/** The beacon's one-byte service prefix. */
export const BEACON_PREFIX: number = StatePrefix.beacon;

const PARAMS = 0x01;
const EPOCH_STATE = 0x02;
const BEACON = 0x03;
const VRF_STATE = 0x04;
const PROOF = 0x05;
const VRF_KEY = 0x06;

const fixed = (type: number): Uint8Array => Uint8Array.of(BEACON_PREFIX, type);

/** Key of the parameters. */
export const paramsKey: Uint8Array = fixed(PARAMS);
/** Key of the epoch state. */
export const epochStateKey: Uint8Array = fixed(EPOCH_STATE);
/** Key of the VRF state. */
export const vrfStateKey: Uint8Array = fixed(VRF_STATE);

/** Key of the beacon value of `epoch`. */
export function beaconKey(epoch: bigint): Uint8Array {
  return concatBytes(fixed(BEACON), u64be(epoch));
}

/** Prefix of all beacon values. */
export const beaconPrefixAll: Uint8Array = fixed(BEACON);

/** Epoch of a beacon-value key; CORRUPT_STATE if malformed. */
export function parseBeaconKey(key: Uint8Array): bigint {
  if (key.length !== 10)
    throw new BeaconError(BeaconError.CORRUPT_STATE, `beacon state: beacon key of ${key.length} bytes`);
  return readU64be(key, 2);
}

/** Prefix of all proofs. */
export const proofPrefixAll: Uint8Array = fixed(PROOF);

/** Prefix of the proofs of `epoch`. */
export function proofPrefix(epoch: bigint): Uint8Array {
  return concatBytes(fixed(PROOF), u64be(epoch));
}

/** Key of `node`'s proof in `epoch`. */
export function proofKey(epoch: bigint, node: Uint8Array): Uint8Array {
  return concatBytes(fixed(PROOF), u64be(epoch), node);
}

/** Epoch and node of a proof key (as produced by {@link proofKey}); CORRUPT_STATE otherwise. */
export function parseProofKey(key: Uint8Array): { epoch: bigint; node: Uint8Array } {
  if (key.length !== PROOF_KEY_LEN) {
    throw new BeaconError(BeaconError.CORRUPT_STATE, `beacon state: proof key of ${key.length} bytes`);
  }
  return { epoch: readU64be(key, 2), node: key.slice(10) };
}

/** Key of `node`'s genesis VRF public key. */
export function vrfKeyKey(node: Uint8Array): Uint8Array {
  return concatBytes(fixed(VRF_KEY), node);
}

/** Length of a proof key: prefix(2) + epoch(8) + node(32). */
export const PROOF_KEY_LEN = 42;
