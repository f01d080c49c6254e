/**
 * The default {@link BeaconSource}: the beacon service's own state in the same domain (VED). The
 * beacon's epoch hook must run before the scheduler's, so the epoch's value (insecure) or the
 * previous epoch's proofs (VRF, spec/oasis.md §5) are in place when the scheduler elects.
 */
import { TandemError, toHex } from '../../../common/index.js';
import { BeaconStateReader } from '../../beacon/index.js';
import {
  type BeaconSource,
  type Candidate,
  type ElectionBeacon,
  type KvReader,
  SchedulerError,
} from '../api/index.js';

async function read(state: KvReader, epoch: bigint): Promise<ElectionBeacon> {
  const r = new BeaconStateReader(state);
  const params = await r.params();
  if (params.backend === 'insecure') return { backend: 'insecure', value: await r.beacon(epoch) };
  const { canElect, betas } = await r.electionBetas();
  return { backend: 'vrf', canElect, betas };
}

/** Election randomness read from the beacon's state; BEACON_UNAVAILABLE if the beacon has none. */
export const beaconStateSource: BeaconSource = {
  async electionBeacon(state, epoch) {
    try {
      return await read(state, epoch);
    } catch (e) {
      if (!(e instanceof TandemError)) throw e;
      throw new SchedulerError(SchedulerError.BEACON_UNAVAILABLE, `scheduler: beacon: ${e.message}`);
    }
  },
};

/**
 * Candidates with the beacon's proof outputs attached: with VRF the beacon's proofs are the only
 * source of betas (a candidate's own `beta` is replaced, or dropped when the node did not prove).
 */
export function withBetas(candidates: readonly Candidate[], beacon: ElectionBeacon): Candidate[] {
  if (beacon.backend !== 'vrf') return [...candidates];
  const byNode = new Map(beacon.betas.map((b) => [toHex(b.node), b.beta]));
  return candidates.map((c) => {
    const { beta: _ignored, ...rest } = c;
    const beta = byNode.get(toHex(c.id));
    return beta === undefined ? rest : { ...rest, beta };
  });
}
