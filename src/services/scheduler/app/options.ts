/** What the composition root plugs into the scheduler service. */
import type { BeaconSource, CandidateSource, RuntimeSource } from '../api/index.js';

/** Options of {@link createSchedulerService}. */
export interface SchedulerOptions {
  /** Runtimes to elect for (the registry's runtime descriptors). */
  readonly runtimes: RuntimeSource;
  /** Eligible nodes per runtime and role bit (the registry's `eligibleNodes`). */
  readonly candidates: CandidateSource;
  /** Election randomness; defaults to the beacon service's state ({@link beaconStateSource}). */
  readonly beacon?: BeaconSource;
}
