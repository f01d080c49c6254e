/**
 * The beacon's hash derivations (spec/oasis.md §5). All inputs are block data or stored state,
 * never the wall clock, so every node derives the same values.
 *
 * Block entropy = SHA3-256(u64le(height) ‖ u64le(timeMs) ‖ previousRoot). Oasis uses the last
 * block's height, its Unix time in seconds and its state root; Tandem's programs see only the
 * current block (height, time in milliseconds), and the previous root is whatever
 * {@link BeaconOptions.previousRoot} supplies, else the beacon's own entropy chain (see
 * `transition.ts`).
 */
import { createHash } from 'node:crypto';
import { u64be, u64le, utf8 } from '../../../common/index.js';
import {
  type NodeBeta,
  tupleHash,
  VRF_ALPHA_CUSTOMIZATION,
  VRF_ALPHA_LOW_CUSTOMIZATION,
  VRF_BEACON_CUSTOMIZATION,
} from '../api/index.js';

/** Fixed prefix of the insecure beacon's preimage (the value Oasis uses). */
export const INSECURE_BEACON_PREFIX: Uint8Array = utf8('EkB-tmnt');

function sha3(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha3-256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** SHA3-256(u64le(height) ‖ u64le(timeMs) ‖ previousRoot). */
export function blockEntropy(height: bigint, timeMs: bigint, previousRoot: Uint8Array): Uint8Array {
  return sha3(u64le(height), u64le(timeMs), previousRoot);
}

/** The insecure beacon of `epoch`: SHA3-256("EkB-tmnt" ‖ entropy ‖ u64le(epoch)). */
export function insecureBeacon(entropy: Uint8Array, epoch: bigint): Uint8Array {
  return sha3(INSECURE_BEACON_PREFIX, entropy, u64le(epoch));
}

function betaTuple(chainContext: string, epoch: bigint, betas: readonly NodeBeta[]): Uint8Array[] {
  return [utf8(chainContext), u64be(epoch), ...betas.map((b) => b.beta)];
}

/** High-quality alpha: TupleHash256(`tandem:vrf/alpha`; chainContext, u64be(epoch), betas…). */
export function highQualityAlpha(
  chainContext: string,
  epoch: bigint,
  sorted: readonly NodeBeta[],
): Uint8Array {
  return tupleHash(VRF_ALPHA_CUSTOMIZATION, betaTuple(chainContext, epoch, sorted));
}

/** Low-quality alpha: TupleHash256(`tandem:vrf/alpha-low`; chainContext, u64be(epoch), entropy). */
export function lowQualityAlpha(chainContext: string, epoch: bigint, entropy: Uint8Array): Uint8Array {
  return tupleHash(VRF_ALPHA_LOW_CUSTOMIZATION, [utf8(chainContext), u64be(epoch), entropy]);
}

/** VRF beacon value: TupleHash256(`tandem:vrf/beacon`; chainContext, u64be(epoch), betas…). */
export function vrfBeacon(chainContext: string, epoch: bigint, sorted: readonly NodeBeta[]): Uint8Array {
  return tupleHash(VRF_BEACON_CUSTOMIZATION, betaTuple(chainContext, epoch, sorted));
}

/** Betas sorted by node public key (bytewise), the order every derivation uses. */
export function sortByNode(betas: readonly NodeBeta[]): NodeBeta[] {
  return [...betas].sort((a, b) => Buffer.compare(a.node, b.node));
}
