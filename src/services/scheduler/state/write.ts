/** Writable view of the scheduler's state; every value is written in its canonical encoding. */
import { encodeWith } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import {
  type Committee,
  committeeCodec,
  type SchedulerEpochState,
  type SchedulerParams,
  schedulerEpochStateCodec,
  schedulerParamsCodec,
} from '../api/index.js';
import { committeeKey, committeePrefixAll, epochStateKey, paramsKey, parseCommitteeKey } from './keys.js';
import { SchedulerStateReader } from './read.js';

/** Writable view over a block's working state. */
export class SchedulerStateWriter extends SchedulerStateReader {
  constructor(private readonly state: KvState) {
    super(state);
  }

  /** Store the parameters. */
  setParams(p: SchedulerParams): void {
    this.state.set(paramsKey, encodeWith(schedulerParamsCodec, p));
  }

  /** Store the epoch state. */
  setEpochState(s: SchedulerEpochState): void {
    this.state.set(epochStateKey, encodeWith(schedulerEpochStateCodec, s));
  }

  /** Store a committee under its runtime, kind and epoch (validated by the codec first). */
  setCommittee(c: Committee): void {
    const value = encodeWith(committeeCodec, c);
    this.state.set(committeeKey(c.valid_for, c.runtime_id, c.kind), value);
  }

  /** Drop every committee valid for an epoch below `epoch` (keys run in epoch order: stops early). */
  async deleteCommitteesBefore(epoch: bigint): Promise<void> {
    const stale: Uint8Array[] = [];
    for await (const [k] of this.state.entries(committeePrefixAll)) {
      if (parseCommitteeKey(k).epoch >= epoch) break;
      stale.push(k);
    }
    for (const k of stale) this.state.delete(k);
  }
}
