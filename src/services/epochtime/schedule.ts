/**
 * Epochs of a fixed number of blocks (genesis `params.epoch_interval`). Height h ≥ 1 is in epoch
 * ⌊h / interval⌋; the first block of an epoch is height 1 (epoch 0) or a multiple of the interval.
 * Height 0 is the genesis state, in epoch 0.
 */
import { ConsensusError, type EpochSchedule } from '../../consensus/index.js';

/** The fixed-interval schedule the executor uses for `onEpoch` and the remap boundary. */
export class FixedEpochSchedule implements EpochSchedule {
  constructor(readonly interval: bigint) {
    if (typeof interval !== 'bigint' || interval < 1n) {
      throw new ConsensusError(ConsensusError.INVALID_GENESIS, 'epoch interval must be a bigint ≥ 1');
    }
  }

  epochOf(height: bigint): bigint {
    return height < 0n ? 0n : height / this.interval;
  }

  isEpochStart(height: bigint): boolean {
    return height === 1n || (height > 0n && height % this.interval === 0n);
  }

  /** First height of an epoch (1 for epoch 0). */
  firstHeight(epoch: bigint): bigint {
    return epoch === 0n ? 1n : epoch * this.interval;
  }
}
