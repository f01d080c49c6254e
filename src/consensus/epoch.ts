/**
 * How heights map to epochs. The executor only needs these two questions answered; the
 * `epochtime` service (src/services/epochtime) provides the fixed-interval schedule, injected
 * through {@link ChainParams} because services sit above this layer.
 */
export interface EpochSchedule {
  /** Epoch of a block height (height ≥ 1; height 0 is genesis, in epoch 0). */
  epochOf(height: bigint): bigint;
  /** True for the first block of an epoch: the executor then runs the boundary and `onEpoch` hooks. */
  isEpochStart(height: bigint): boolean;
}
