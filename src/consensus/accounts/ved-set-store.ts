/**
 * The VED keeps the current VED account set in its own state (`0x03 ‖ "ved-set"`), written at
 * genesis and at every epoch start. At an epoch start the executor checks that the set it was
 * given equals the stored one with this boundary's moves applied (and between epoch starts, that
 * it is the stored one), so a wrong set is refused and a restarting node can read the current set
 * back from the VED tree. The UED never reads it
 * (APE-2): it receives the same set as an input.
 */
import { ConsensusError } from '../errors.js';
import type { KvState } from '../service.js';
import { vedSetHashKey, vedSetKey } from './keys.js';
import { type DomainMove, VedAccountSet } from './ved-set.js';

/** The stored set (throws when absent or corrupt: the VED state always holds one). */
export async function readVedSet(state: KvState): Promise<VedAccountSet> {
  const v = await state.get(vedSetKey());
  if (v === null) throw new ConsensusError(ConsensusError.CORRUPT_STATE, 'the VED state holds no VED set');
  try {
    return VedAccountSet.decode(v);
  } catch (e) {
    throw new ConsensusError(ConsensusError.CORRUPT_STATE, `stored VED set: ${(e as Error).message}`);
  }
}

/** Store the set and its hash. */
export function writeVedSet(state: KvState, set: VedAccountSet): void {
  state.set(vedSetKey(), set.encode());
  state.set(vedSetHashKey(), set.hash());
}

/** Between epoch starts: the given set must be the stored one (a hash comparison). */
export async function checkVedSet(state: KvState, given: VedAccountSet): Promise<void> {
  const h = await state.get(vedSetHashKey());
  if (h === null || Buffer.compare(h, given.hash()) !== 0) {
    throw new ConsensusError(
      ConsensusError.INVALID_BLOCK,
      `the VED set given is not the VED's set of epoch ${given.epoch}`,
    );
  }
}

/**
 * At the first block of `given.epoch`: check `given` against the stored set with the boundary's
 * moves applied, then store it.
 */
export async function advanceVedSet(
  state: KvState,
  given: VedAccountSet,
  moves: readonly DomainMove[],
): Promise<void> {
  const stored = await readVedSet(state);
  const expected = stored.epoch === given.epoch ? stored : stored.next(given.epoch, moves);
  if (Buffer.compare(expected.hash(), given.hash()) !== 0) {
    throw new ConsensusError(
      ConsensusError.INVALID_BLOCK,
      `the VED set given for epoch ${given.epoch} is not the one the VED derives`,
    );
  }
  writeVedSet(state, given);
}
