/** Scheduler genesis: validate and store the parameters; the genesis epoch becomes the base epoch. */
import { CborError } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import {
  MAX_GROUP_SIZE,
  SchedulerError,
  type SchedulerGenesis,
  type SchedulerParams,
  schedulerGenesisCodec,
} from '../api/index.js';
import { SchedulerStateWriter } from '../state/index.js';

/** Check parameter ranges; INVALID_PARAMS otherwise. */
export function validateSchedulerParams(p: SchedulerParams): SchedulerParams {
  if (p.max_committee_size < 1 || p.max_committee_size > MAX_GROUP_SIZE) {
    throw new SchedulerError(
      SchedulerError.INVALID_PARAMS,
      `scheduler: max_committee_size must be in 1..${MAX_GROUP_SIZE}`,
    );
  }
  return p;
}

function decodeGenesis(raw: unknown): SchedulerGenesis {
  try {
    return schedulerGenesisCodec.fromCbor(raw, 'scheduler');
  } catch (e) {
    if (!(e instanceof CborError)) throw e;
    throw new SchedulerError(SchedulerError.INVALID_GENESIS, `scheduler genesis: ${e.message}`);
  }
}

/** Write the scheduler's genesis state into `ctx.state` (VED). */
export async function initSchedulerGenesis(ctx: BlockContext, raw: unknown): Promise<void> {
  const g = decodeGenesis(raw);
  validateSchedulerParams(g.params);
  const w = new SchedulerStateWriter(ctx.state);
  if ((await w.paramsOrNull()) !== null) {
    throw new SchedulerError(SchedulerError.INVALID_GENESIS, 'scheduler genesis: state already initialized');
  }
  w.setParams(g.params);
  w.setEpochState({ base_epoch: ctx.epoch });
}
