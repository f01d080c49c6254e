/**
 * Key formats of the executor's own records (one place, per the state convention):
 * - `0x01 ‖ address(21)` → account record;
 * - `0x02 ‖ u64be(effective epoch) ‖ address(21)` → pending remap;
 * - `0x03 ‖ "fees"` → the domain's fee pool (a quantity);
 * - `0x03 ‖ "ved-set"` → the current VED account set, and `0x03 ‖ "ved-set-hash"` → its hash
 *   (VED state only).
 */
import { ADDRESS_SIZE, concatBytes, u64be, utf8 } from '../../common/index.js';
import { ConsensusError } from '../errors.js';
import { statePrefix } from '../state-prefixes.js';

const ACCOUNTS = statePrefix('accounts');
const REMAPS = statePrefix('remaps');
const FEE_POOL = concatBytes(statePrefix('executor'), utf8('fees'));
const VED_SET = concatBytes(statePrefix('executor'), utf8('ved-set'));
const VED_SET_HASH = concatBytes(statePrefix('executor'), utf8('ved-set-hash'));

/** Throws unless `a` is a 21-byte address. */
export function checkAddress(a: Uint8Array): Uint8Array {
  if (!(a instanceof Uint8Array) || a.length !== ADDRESS_SIZE) {
    throw new ConsensusError(ConsensusError.INVALID_KEY, 'address must be 21 bytes');
  }
  return a;
}

/**
 * The last account key made. A transaction asks for the same account's key several times in a
 * row (the fee payer's read and write for the fee and again for a debit, a recipient's read and
 * write), so the next call for the same address returns it instead of a new array. It is matched
 * by content, not identity (a caller may reuse an array), and keys are never changed once made.
 */
let lastAccountKey: Uint8Array = new Uint8Array(0);

/** Key of an account record (callers must not change it: it may be handed out again). */
export function accountKey(address: Uint8Array): Uint8Array {
  checkAddress(address);
  const k = lastAccountKey;
  if (k.length === 1 + ADDRESS_SIZE) {
    let i = 0;
    while (i < ADDRESS_SIZE && k[i + 1] === address[i]) i++;
    if (i === ADDRESS_SIZE) return k;
  }
  lastAccountKey = concatBytes(ACCOUNTS, address);
  return lastAccountKey;
}

/** Prefix of every account record. */
export function accountsPrefix(): Uint8Array {
  return ACCOUNTS;
}

/** Key of a pending remap taking effect at `epoch`. */
export function remapKey(epoch: bigint, address: Uint8Array): Uint8Array {
  return concatBytes(REMAPS, u64be(epoch), checkAddress(address));
}

/** Prefix of the remaps taking effect at `epoch`. */
export function remapEpochPrefix(epoch: bigint): Uint8Array {
  return concatBytes(REMAPS, u64be(epoch));
}

/** The address part of a remap key. */
export function addressOfRemapKey(key: Uint8Array): Uint8Array {
  return key.subarray(1 + 8);
}

/** Key of the domain's fee pool. */
export function feePoolKey(): Uint8Array {
  return FEE_POOL;
}

/** Key of the current VED account set in the VED state. */
export function vedSetKey(): Uint8Array {
  return VED_SET;
}

/** Key of the current VED account set's hash in the VED state (checked every VED block). */
export function vedSetHashKey(): Uint8Array {
  return VED_SET_HASH;
}

/**
 * A small integer from bytes 1..4 of an address (after the version byte), for set pre-checks:
 * equal addresses have equal tags, so a tag missing from a set proves the address is missing.
 */
export function addressTag(a: Uint8Array): number {
  return ((a[1] ?? 0) << 22) | ((a[2] ?? 0) << 14) | ((a[3] ?? 0) << 6) | ((a[4] ?? 0) >>> 2);
}
