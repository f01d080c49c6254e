/** The beacon as a consensus program (VED): genesis, the epoch hook and `beacon.VRFProve`. */
import type { BlockContext, Service } from '../../../consensus/index.js';
import { BEACON_MODULE } from '../api/index.js';
import { initBeaconGenesis } from './genesis.js';
import type { BeaconOptions } from './options.js';
import { transitionEpoch } from './transition.js';
import { genesisVrfKeyLookup } from './vrf-keys.js';
import { vrfProveMethod } from './vrf-prove.js';

/** The beacon lives in the VED only; hooks called for another domain do nothing. */
const inVed = (ctx: BlockContext): boolean => ctx.domain === 'ved';

/** Build the beacon service. */
export function createBeaconService(opts: BeaconOptions = {}): Service {
  const lookup = opts.vrfKeyLookup ?? genesisVrfKeyLookup;
  return {
    name: BEACON_MODULE,
    methods: [vrfProveMethod(lookup)],
    async initGenesis(ctx, genesis) {
      if (inVed(ctx)) await initBeaconGenesis(ctx, genesis, opts);
    },
    async onEpoch(ctx, epoch) {
      if (inVed(ctx)) await transitionEpoch(ctx, epoch, opts);
    },
  };
}
