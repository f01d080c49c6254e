/**
 * Roothash as a consensus program (VED, plus SubmitMsg and its inbox in the UED): genesis,
 * ExecutorCommit, SubmitEvidence, SubmitMsg, end-of-block and epoch hooks.
 */
import type { BlockContext, Service } from '../../../consensus/index.js';
import { ROOTHASH_MODULE } from '../api/index.js';
import { dropInbox, dropOutboxEpoch } from '../state/index.js';
import { executorCommitMethod } from './commit.js';
import { roothashEndBlock } from './end-block.js';
import { transitionRuntimes } from './epoch.js';
import { submitEvidenceMethod } from './evidence.js';
import { initRoothashGenesis } from './genesis.js';
import { submitMsgMethod } from './incoming.js';
import type { RoothashSources } from './sources.js';

const inVed = (ctx: BlockContext): boolean => ctx.domain === 'ved';

/** Build the roothash service over injected registry/scheduler lookups. */
export function createRoothashService(src: RoothashSources): Service {
  return {
    name: ROOTHASH_MODULE,
    methods: [executorCommitMethod(src), submitEvidenceMethod(src), submitMsgMethod],
    async initGenesis(ctx, genesis) {
      if (inVed(ctx)) await initRoothashGenesis(ctx, src, genesis);
    },
    async endBlock(ctx) {
      if (inVed(ctx)) await roothashEndBlock(ctx, src);
    },
    async onEpoch(ctx, epoch) {
      // The UED keeps its inbox until the VED has imported it (at the start of the next epoch).
      if (!inVed(ctx)) {
        if (epoch >= 2n) await dropInbox(ctx.state, epoch - 2n);
        return;
      }
      if (epoch >= 2n) await dropOutboxEpoch(ctx.state, epoch - 2n);
      await transitionRuntimes(ctx, src, epoch);
    },
  };
}
