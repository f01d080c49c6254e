/**
 * Reads the consensus app makes of its own committed VED tree (never from inside a domain's
 * execution): the stored memberships, which give the BFT validator set of each height.
 *
 * The membership valid for epoch N+1 is computed in the first block of N (height N·I) and handed
 * to the BFT engine in the next block, so the engine switches at the next multiple of I: the set
 * of height x ≥ 2 is the membership of epoch(x − 1), and of height 1 the genesis validators.
 * An epoch without members keeps the previous set (the engine never gets an empty update).
 */

import type { Validator } from '../consensus/bft/index.js';
import { BlockOverlay, type EpochSchedule, type GenesisValidator } from '../consensus/index.js';
import type { Tree } from '../mkvs/index.js';
import { readMembership, type VedMembership } from '../services/vote/index.js';

/** The stored membership valid for `epoch` in a committed VED tree, or null. */
export function membershipIn(tree: Tree, epoch: bigint): Promise<VedMembership | null> {
  return readMembership(new BlockOverlay(tree), epoch);
}

/** The BFT validators of `height` (see the module header). */
export async function validatorsAt(
  tree: Tree,
  epochs: EpochSchedule,
  genesis: readonly GenesisValidator[],
  height: bigint,
): Promise<Validator[]> {
  const fromGenesis = genesis.map((v) => ({ pubKey: v.public_key, power: v.power }));
  if (height <= 1n) return fromGenesis;
  // Memberships are kept for a few epochs only; older heights fall back to genesis.
  for (let e = epochs.epochOf(height - 1n), n = 0; e >= 1n && n < 4; e--, n++) {
    const m = await membershipIn(tree, e);
    if (m !== null && m.validators.length > 0) return m.validators;
  }
  return fromGenesis;
}
