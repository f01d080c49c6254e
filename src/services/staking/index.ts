/**
 * `services/staking`: escrow with share pools (active and debonding), delegation and reclaim
 * through a debonding interval, slashing into the common pool, epoch rewards from it, and the
 * per-epoch stake snapshot the VED recomputation reads (APE-6). A UED program written against the
 * service contract of `consensus`.
 */
export * from './api/codecs.js';
export * from './api/errors.js';
export * from './api/methods.js';
export * from './api/params.js';
export * from './api/types.js';
export { payMaturedDebonding } from './app/debonding.js';
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
