/** What the composition root may plug into the registry service. */
import type { StakeClaims } from '../api/index.js';

/** Options of {@link createRegistryService}. */
export interface RegistryOptions {
  /** Escrow checks; defaults to {@link bypassStakeClaims} (everything covered). */
  readonly stakeClaims?: StakeClaims;
}
