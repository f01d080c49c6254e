/**
 * Election sort keys derived from VRF outputs (spec/oasis.md §4, "VRF ordering"): candidates are
 * sorted ascending by a TupleHash256 (NIST SP 800-185, 32-byte output) of a tuple that binds the
 * chain, the epoch and, for committees, the runtime, kind and role. Tandem uses its own
 * customization strings, `tandem:vrf/…` where Oasis uses `oasis-core:vrf/…`, so its keys never
 * coincide with another chain's.
 */
import { tuplehash256 } from '@noble/hashes/sha3-addons.js';
import { u64be, utf8 } from '../../../common/index.js';

/** Customization of committee sort keys. */
export const VRF_COMMITTEE_CUSTOMIZATION = 'tandem:vrf/committee';
/** Customization of validator tie-break keys. */
export const VRF_VALIDATOR_CUSTOMIZATION = 'tandem:vrf/validator';
/** Customization of the high-quality alpha. */
export const VRF_ALPHA_CUSTOMIZATION = 'tandem:vrf/alpha';
/** Customization of the low-quality (block-entropy) alpha. */
export const VRF_ALPHA_LOW_CUSTOMIZATION = 'tandem:vrf/alpha-low';
/** Customization of the VRF beacon value. */
export const VRF_BEACON_CUSTOMIZATION = 'tandem:vrf/beacon';

/** TupleHash256 with a 32-byte output and the given customization string. */
export function tupleHash(customization: string, parts: readonly Uint8Array[]): Uint8Array {
  return tuplehash256(parts as Uint8Array[], { dkLen: 32, personalization: utf8(customization) });
}

/**
 * Sort key of a committee candidate: TupleHash256 over (chainContext, u64be(epoch), runtimeId,
 * u8(kind), u8(role), beta) with customization `tandem:vrf/committee`. Sort ascending.
 */
export function committeeSortKey(
  chainContext: string,
  epoch: bigint,
  runtimeId: Uint8Array,
  kind: number,
  role: number,
  beta: Uint8Array,
): Uint8Array {
  return tupleHash(VRF_COMMITTEE_CUSTOMIZATION, [
    utf8(chainContext),
    u64be(epoch),
    runtimeId,
    Uint8Array.of(kind & 0xff),
    Uint8Array.of(role & 0xff),
    beta,
  ]);
}

/** Tie-break key of a validator: TupleHash256 over (chainContext, u64be(epoch), beta), `tandem:vrf/validator`. */
export function validatorSortKey(chainContext: string, epoch: bigint, beta: Uint8Array): Uint8Array {
  return tupleHash(VRF_VALIDATOR_CUSTOMIZATION, [utf8(chainContext), u64be(epoch), beta]);
}
