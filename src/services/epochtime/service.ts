/**
 * The epochtime program: records the current epoch in each domain it is mapped into at the first
 * block of every epoch, so queries and proofs can read it from state.
 */
import { readU64be, u64be } from '../../common/index.js';
import type { KvState, Service } from '../../consensus/index.js';
import { CURRENT_EPOCH_KEY } from './state/keys.js';

/** The epochtime service (no transaction methods). */
export const epochtimeService: Service = {
  name: 'epochtime',
  methods: [],
  async initGenesis(ctx) {
    ctx.state.set(CURRENT_EPOCH_KEY, u64be(0n));
  },
  async onEpoch(ctx, epoch) {
    ctx.state.set(CURRENT_EPOCH_KEY, u64be(epoch));
  },
};

/** The current epoch recorded in a domain's state (0 when absent). */
export async function currentEpoch(state: KvState): Promise<bigint> {
  const v = await state.get(CURRENT_EPOCH_KEY);
  return v === null || v.length !== 8 ? 0n : readU64be(v, 0);
}
