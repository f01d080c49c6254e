/** Shared setup of the staking tests: signers, a default genesis and a world with the service. */
import { addressFromPublicKey, fromHex } from '../../../src/common/index.js';
import type { MethodDef } from '../../../src/consensus/index.js';
import {
  type AddEscrowBody,
  METHOD_ADD_ESCROW,
  METHOD_RECLAIM_ESCROW,
  type ReclaimEscrowBody,
  StakingReader,
  stakingService,
} from '../../../src/services/staking/index.js';
import { method, World } from '../../helpers/service-context.js';

/** A deterministic 32-byte "public key" number `i`. */
export function pub(i: number): Uint8Array {
  return fromHex(i.toString(16).padStart(64, '0'));
}

/** The address of signer `i`. */
export const addr = (i: number): Uint8Array => addressFromPublicKey(pub(i));

/** Blocks per epoch in the default genesis. */
export const EPOCH_BLOCKS = 10n;

/** The default genesis: debonding over 2 epochs, 10% per epoch until epoch 100. */
export function defaultGenesis(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    params: {
      debonding_interval: 2n,
      reward_schedule: [{ until_epoch: 100n, rate_numerator: 1n, rate_denominator: 10n }],
      min_delegation: 10n,
      epoch_interval: EPOCH_BLOCKS,
    },
    common_pool: 1_000n,
    delegations: [],
    ...over,
  };
}

/** A world with the staking service initialised and signers 1..n funded with `funds` each. */
export async function stakingWorld(n = 4, funds = 10_000n, genesis = defaultGenesis()) {
  const world = new World();
  const service = stakingService();
  await service.initGenesis!(world.block(), genesis);
  for (let i = 1; i <= n; i++) await world.ledger.credit(addr(i), funds);
  const add = method<AddEscrowBody>(service, METHOD_ADD_ESCROW);
  const reclaim = method<ReclaimEscrowBody>(service, METHOD_RECLAIM_ESCROW);
  const reader = new StakingReader(world.state);
  return { world, service, add, reclaim, reader };
}

/** Deposit `amount` from signer `who` into escrow account `to`. */
export function addEscrow(
  w: World,
  m: MethodDef<AddEscrowBody>,
  who: number,
  to: Uint8Array,
  amount: bigint,
) {
  return w.run(m, pub(who), { account: to, amount });
}

/** Reclaim `shares` of signer `who` from escrow account `to`. */
export function reclaimEscrow(
  w: World,
  m: MethodDef<ReclaimEscrowBody>,
  who: number,
  to: Uint8Array,
  shares: bigint,
) {
  return w.run(m, pub(who), { account: to, shares });
}
