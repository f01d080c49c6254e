/** The staking service: its methods and block hooks, assembled for the executor. */
import type { BlockContext, MethodDef, Service } from '../../../consensus/index.js';
import { addEscrowBodyCodec, allowBodyCodec, reclaimEscrowBodyCodec } from '../api/codecs.js';
import {
  GAS_ADD_ESCROW,
  GAS_ALLOW,
  GAS_RECLAIM_ESCROW,
  METHOD_ADD_ESCROW,
  METHOD_ALLOW,
  METHOD_RECLAIM_ESCROW,
  STAKING_MODULE,
} from '../api/methods.js';
import type { AddEscrowBody, AllowBody, ReclaimEscrowBody } from '../api/types.js';
import { StakingReader } from '../state/reader.js';
import { handleAllow } from './allowance.js';
import { payMaturedDebonding } from './debonding.js';
import { handleAddEscrow, handleReclaimEscrow } from './escrow.js';
import { initGenesis } from './genesis.js';
import { type EpochOfHeight, epochFunction, isLastBlockOfEpoch, writeStakeSnapshot } from './snapshot.js';

/** Options of {@link stakingService}. */
export interface StakingServiceOptions {
  /**
   * Maps a height to its epoch, to find the last block of an epoch (where the stake snapshot is
   * taken). Inject the epochtime service's function; without it the service uses
   * height / `epoch_interval` from its genesis parameters.
   */
  readonly epochOfHeight?: EpochOfHeight;
}

const addEscrow: MethodDef<AddEscrowBody> = {
  name: METHOD_ADD_ESCROW,
  domain: 'ued',
  body: addEscrowBodyCodec,
  gas: GAS_ADD_ESCROW,
  handle: handleAddEscrow,
};

const reclaimEscrow: MethodDef<ReclaimEscrowBody> = {
  name: METHOD_RECLAIM_ESCROW,
  domain: 'ued',
  body: reclaimEscrowBodyCodec,
  gas: GAS_RECLAIM_ESCROW,
  handle: handleReclaimEscrow,
};

const allow: MethodDef<AllowBody> = {
  name: METHOD_ALLOW,
  domain: 'ued',
  body: allowBodyCodec,
  gas: GAS_ALLOW,
  handle: handleAllow,
};

/** Staking state lives in the UED only (DESIGN.md §1); in any other domain its hooks do nothing. */
const inUed = (ctx: BlockContext): boolean => ctx.domain === 'ued';

/**
 * The staking service (a UED program): `staking.AddEscrow`, `staking.ReclaimEscrow`,
 * `staking.Allow`, genesis,
 * matured debonding payouts in `onEpoch`, and the stake snapshot in the last block of each epoch
 * (`endBlock`). Slashing and rewards are functions other programs call
 * ({@link slashEscrow}, {@link rewardEscrows}).
 */
export function stakingService(options: StakingServiceOptions = {}): Service {
  return {
    name: STAKING_MODULE,
    methods: [addEscrow, reclaimEscrow, allow],
    async initGenesis(ctx: BlockContext, genesis: unknown) {
      if (!inUed(ctx)) return;
      await initGenesis(ctx, genesis, { hasEpochFunction: options.epochOfHeight !== undefined });
    },
    async onEpoch(ctx: BlockContext, epoch: bigint) {
      if (inUed(ctx)) await payMaturedDebonding(ctx, epoch);
    },
    async endBlock(ctx: BlockContext) {
      if (!inUed(ctx)) return;
      const params = await new StakingReader(ctx.state).params();
      if (isLastBlockOfEpoch(ctx, epochFunction(params, options.epochOfHeight))) {
        await writeStakeSnapshot(ctx, ctx.epoch);
      }
    },
  };
}
