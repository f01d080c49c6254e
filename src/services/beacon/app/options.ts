/** What the composition root may plug into the beacon service. */
import type { BlockContext } from '../../../consensus/index.js';
import type { VrfKeyLookup } from './vrf-keys.js';

/** Options of {@link createBeaconService}. */
export interface BeaconOptions {
  /**
   * The previous-root input of the block entropy (32 bytes), e.g. the last committed VED state
   * root, which the service contract does not expose. When absent (or when it returns null) the
   * beacon uses its own entropy chain: the genesis `entropy_seed`, then each epoch's beacon value.
   */
  readonly previousRoot?: (ctx: BlockContext) => Uint8Array | null;
  /** VRF key source; defaults to the genesis key table (replaced by the registry later). */
  readonly vrfKeyLookup?: VrfKeyLookup;
}
