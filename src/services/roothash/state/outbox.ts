/**
 * The outbox records (api/outbox.ts): appended in the VED block that produces them, read by the
 * consensus app from the committed VED tree for the UED of the same height, and dropped two epochs
 * later (the UED has finished an epoch before the VED leaves the next one, APE-6).
 */
import { decodeWith, encodeWith, TandemError } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import { MAX_OUTBOX_ENTRIES, type OutboxEntry, outboxEntryCodec, RoothashError } from '../api/index.js';
import { outboxEpochPrefix, outboxHeightPrefix, outboxKey } from './keys.js';

/** The part of {@link KvState} reading needs. */
export type KvRead = Pick<KvState, 'get' | 'entries'>;

/** Append an entry to the outbox of the block (`epoch`, `height`). */
export async function appendOutbox(
  kv: KvState,
  epoch: bigint,
  height: bigint,
  entry: OutboxEntry,
): Promise<void> {
  let seq = 0;
  for await (const _ of kv.entries(outboxHeightPrefix(epoch, height))) seq++;
  if (seq >= MAX_OUTBOX_ENTRIES) {
    throw new RoothashError(
      RoothashError.OUTBOX_FULL,
      `roothash: more than ${MAX_OUTBOX_ENTRIES} outbox entries`,
    );
  }
  kv.set(outboxKey(epoch, height, seq), encodeWith(outboxEntryCodec, entry));
}

/** The outbox entries written at `height` (of `epoch`), in order. */
export async function readOutbox(kv: KvRead, epoch: bigint, height: bigint): Promise<OutboxEntry[]> {
  const out: OutboxEntry[] = [];
  for await (const [, v] of kv.entries(outboxHeightPrefix(epoch, height))) {
    try {
      out.push(decodeWith(outboxEntryCodec, v));
    } catch (e) {
      if (!(e instanceof TandemError)) throw e;
      throw new RoothashError(RoothashError.CORRUPT_STATE, `stored outbox entry: ${e.message}`);
    }
  }
  return out;
}

/** Drop every outbox entry of `epoch`. */
export async function dropOutboxEpoch(kv: KvState, epoch: bigint): Promise<void> {
  const keys: Uint8Array[] = [];
  for await (const [k] of kv.entries(outboxEpochPrefix(epoch))) keys.push(k);
  for (const k of keys) kv.delete(k);
}
