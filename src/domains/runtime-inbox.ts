/**
 * The UED → VED leg of incoming runtime messages (spec/oasis.md §8; docs/state.md, "Runtime
 * programs"): after the last block of epoch E the UED runner reads the epoch's inbox from its own
 * state and hands it over with its other records for the VED ({@link inboxRecord}); the VED's
 * first block of E + 1 decodes it strictly ({@link pinnedInbox}) and roothash queues or refunds
 * each message (`importInbox`). Like the stake snapshot, deposits reach the VED one epoch
 * boundary later: the VED never waits on the UED within an epoch (APE-6).
 */
import { decodeWith, encodeWith, TandemError } from '../common/index.js';
import type { CrossDomainInput, KvState } from '../consensus/index.js';
import { inboxCodec, type PendingInMessage, readInbox } from '../services/roothash/index.js';
import { Pinned } from './cross-domain.js';
import { DomainsError } from './errors.js';

/** The UED's inbox of `epoch` as the pinned record (undefined when empty). */
export async function inboxRecord(view: Pick<KvState, 'get' | 'entries'>, epoch: bigint) {
  const entries = await readInbox(view, epoch);
  return entries.length === 0 ? undefined : encodeWith(inboxCodec, entries);
}

/** The pinned inbox of the block (none when absent); INVALID_PINNED when malformed. */
export function pinnedInbox(input: CrossDomainInput | undefined): PendingInMessage[] {
  const b = input?.[Pinned.runtimeInbox];
  if (b === undefined) return [];
  try {
    return decodeWith(inboxCodec, b, { maxSize: 1 << 20 });
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new DomainsError(DomainsError.INVALID_PINNED, `pinned ${Pinned.runtimeInbox}: ${e.message}`);
  }
}
