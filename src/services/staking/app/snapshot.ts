/**
 * The stake snapshot (APE-6): in the last block of epoch N the service records every escrow
 * account's active balance; the VED recomputation at the N/N+1 boundary reads it to build the
 * VED state for epoch N+2. Only the newest {@link SNAPSHOTS_KEPT} snapshots are kept.
 */
import type { BlockContext, KvState } from '../../../consensus/index.js';
import { quantityCodec } from '../api/codecs.js';
import { StakingError } from '../api/errors.js';
import { EVENT_SNAPSHOT, SNAPSHOTS_KEPT, STAKING_MODULE } from '../api/methods.js';
import type { StakeEntry, StakeSnapshot, StakingParams } from '../api/types.js';
import { parseSnapshotKey, snapshotPrefix } from '../state/keys.js';
import { decodeRecord, StakingReader } from '../state/reader.js';
import { StakingWriter } from '../state/writer.js';

/** Maps a height to its epoch; injected when epochs are not a fixed number of blocks. */
export type EpochOfHeight = (height: bigint) => bigint;

/**
 * The epoch function: the injected one if given, else height / `epoch_interval` (the epochtime
 * rule the BlockContext's epoch follows); NO_EPOCH_SOURCE if there is neither.
 */
export function epochFunction(params: StakingParams, injected?: EpochOfHeight): EpochOfHeight {
  if (injected) return injected;
  const interval = params.epoch_interval;
  if (interval === undefined) {
    throw new StakingError(StakingError.NO_EPOCH_SOURCE, 'no epoch function and no epoch_interval');
  }
  return (h) => h / interval;
}

/** True when the block at `ctx.height` is the last of its epoch (the next one starts another). */
export function isLastBlockOfEpoch(ctx: BlockContext, epochOf: EpochOfHeight): boolean {
  return epochOf(ctx.height + 1n) !== ctx.epoch;
}

/** Write the snapshot of `epoch` from the current active balances, and drop the oldest ones. */
export async function writeStakeSnapshot(ctx: BlockContext, epoch: bigint): Promise<StakeEntry[]> {
  const st = new StakingWriter(ctx.state);
  const kept = (await st.snapshotEpochs()).filter((e) => e !== epoch);
  await st.deleteSnapshot(epoch);
  const entries: StakeEntry[] = [];
  for await (const [account, escrow] of st.escrows()) {
    if (escrow.active.balance > 0n) entries.push({ account, balance: escrow.active.balance });
  }
  for (const e of entries) st.setSnapshotRow(epoch, e.account, e.balance);
  kept.push(epoch);
  kept.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  while (kept.length > SNAPSHOTS_KEPT) await st.deleteSnapshot(kept.shift()!);
  st.setSnapshotEpochs(kept);
  ctx.emit({ module: STAKING_MODULE, kind: EVENT_SNAPSHOT, value: { epoch, accounts: entries.length } });
  return entries;
}

/**
 * The stake snapshot of `epoch`, rows sorted by account bytes, or null if none is kept for it
 * (never taken, or pruned). An epoch without stake gives an empty list, not null.
 */
export async function readStakeSnapshot(state: KvState, epoch: bigint): Promise<StakeSnapshot | null> {
  const kept = await new StakingReader(state).snapshotEpochs();
  if (!kept.includes(epoch)) return null;
  const entries: StakeEntry[] = [];
  for await (const [k, v] of state.entries(snapshotPrefix(epoch))) {
    entries.push({ account: parseSnapshotKey(k), balance: decodeRecord(quantityCodec, v, 'snapshot row') });
  }
  return { epoch, entries };
}
