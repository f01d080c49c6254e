/** The scheduler as a consensus program (VED): genesis and the epoch hook; it has no methods. */
import type { BlockContext, Service } from '../../../consensus/index.js';
import { SCHEDULER_MODULE } from '../api/index.js';
import { electEpoch } from './epoch.js';
import { initSchedulerGenesis } from './genesis.js';
import type { SchedulerOptions } from './options.js';

/** The scheduler lives in the VED only; hooks called for another domain do nothing. */
const inVed = (ctx: BlockContext): boolean => ctx.domain === 'ved';

/** Build the scheduler service. */
export function createSchedulerService(opts: SchedulerOptions): Service {
  return {
    name: SCHEDULER_MODULE,
    methods: [],
    async initGenesis(ctx, genesis) {
      if (inVed(ctx)) await initSchedulerGenesis(ctx, genesis);
    },
    async onEpoch(ctx, epoch) {
      if (inVed(ctx)) await electEpoch(ctx, epoch, opts);
    },
  };
}
