/**
 * `services/staking`: escrow with share pools (active and debonding), delegation and reclaim
 * through a debonding interval, slashing into the common pool, epoch rewards from it, and the
 * per-epoch stake snapshot the VED recomputation reads (APE-6). A UED program written against the
 * service contract of `consensus`.
 *
 * Value rules: the general balance of an account is the executor's Ledger; staking holds escrow
 * pools and the common pool in its own state (prefix 0x53, `state/keys.ts`). Deposits leave the
 * ledger into a pool, payouts go back to the ledger, slashes move pool value to the common pool
 * and rewards move it back to active pools, so ledger + pools + common pool is conserved exactly.
 * Share prices round down (see `app/shares.ts`); rounding dust stays in its pool.
 */
export * from './api/codecs.js';
export * from './api/errors.js';
export * from './api/methods.js';
export * from './api/params.js';
export * from './api/types.js';
export { handleAllow, withdrawFor } from './app/allowance.js';
export { payFromCommonPool, rewardEscrowFromPool } from './app/common-pool.js';
export { payMaturedDebonding } from './app/debonding.js';
export { addEscrowFor, reclaimEscrowFor } from './app/escrow.js';
export { type GenesisOptions, initGenesis } from './app/genesis.js';
export { MAX_GENESIS_DELEGATIONS, parseStakingGenesis } from './app/genesis-parse.js';
export { rewardEscrows } from './app/rewards.js';
export { type StakingServiceOptions, stakingService } from './app/service.js';
export { amountForShares, sharesForAmount } from './app/shares.js';
export { slashEscrow } from './app/slash.js';
export {
  type EpochOfHeight,
  epochFunction,
  isLastBlockOfEpoch,
  readStakeSnapshot,
  writeStakeSnapshot,
} from './app/snapshot.js';
export * from './state/keys.js';
export { emptyEscrow, StakingReader } from './state/reader.js';
export { StakingWriter } from './state/writer.js';
