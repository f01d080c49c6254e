/**
 * Block and transaction context builders for the vote program's tests, over the shared in-memory
 * KvState and Ledger fakes.
 */
import { addressFromPublicKey } from '../../src/common/index.js';
import type { BlockContext, DomainId, ServiceEvent, TxContext } from '../../src/consensus/index.js';

/** The vote tests use the shared fakes (test/helpers/kv-state.ts) under their own names. */
export { MapLedger as VoteTestLedger, MemoryKvState as VoteTestKv } from './kv-state.js';

import { MemoryKvState as VoteTestKv, MapLedger as VoteTestLedger } from './kv-state.js';

/** A chain context (64 lower-case hex digits) used by every vote test. */
export const VOTE_TEST_CHAIN = 'ab'.repeat(32);

/** Options of the context builders. */
export interface VoteCtxOptions {
  epoch?: bigint;
  height?: bigint;
  domain?: DomainId;
  state?: VoteTestKv;
  ledger?: VoteTestLedger;
}

/** A block context plus the events it collected. */
export type VoteTestBlockCtx = BlockContext & { events: ServiceEvent[]; state: VoteTestKv };

/** A block context over in-memory state. */
export function voteBlockCtx(o: VoteCtxOptions = {}): VoteTestBlockCtx {
  const events: ServiceEvent[] = [];
  const epoch = o.epoch ?? 0n;
  return {
    chainContext: VOTE_TEST_CHAIN,
    domain: o.domain ?? 'ved',
    height: o.height ?? epoch * 100n + 1n,
    epoch,
    timeMs: 1_700_000_000_000n,
    state: o.state ?? new VoteTestKv(),
    ledger: o.ledger ?? new VoteTestLedger(),
    events,
    emit: (e) => events.push(e),
  };
}

/** A transaction context signed by `signer` (its address is the fee payer). */
export function voteTxCtx(signer: Uint8Array, o: VoteCtxOptions = {}): TxContext & VoteTestBlockCtx {
  return {
    ...voteBlockCtx(o),
    signer,
    feePayer: addressFromPublicKey(signer),
    accounts: [],
    useGas: () => {},
  };
}
