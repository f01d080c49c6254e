/** Block and transaction contexts over a {@link MemoryKvState}, for driving the beacon by hand. */
import type { BlockContext, Ledger, ServiceEvent, TxContext } from '../../../src/consensus/index.js';
import type { MemoryKvState } from '../../helpers/kv-state.js';

/** The chain context used by the beacon tests. */
export const CHAIN_CONTEXT = 'tandem-test-chain';

const noLedger: Ledger = {
  balance: async () => 0n,
  credit: async () => {},
  debit: async () => {},
};

/** A block context; `events` collects what the service emits. */
export function blockCtx(
  state: MemoryKvState,
  height: bigint,
  epoch: bigint,
  extra: Partial<Pick<BlockContext, 'domain' | 'timeMs' | 'chainContext'>> = {},
): BlockContext & { events: ServiceEvent[] } {
  const events: ServiceEvent[] = [];
  return {
    chainContext: extra.chainContext ?? CHAIN_CONTEXT,
    domain: extra.domain ?? 'ved',
    height,
    epoch,
    timeMs: extra.timeMs ?? 1_700_000_000_000n + height * 1000n,
    state,
    ledger: noLedger,
    events,
    emit: (e) => events.push(e),
  };
}

/** A transaction context signed by `signer`. */
export function txCtx(
  state: MemoryKvState,
  height: bigint,
  epoch: bigint,
  signer: Uint8Array,
): TxContext & {
  events: ServiceEvent[];
} {
  return {
    ...blockCtx(state, height, epoch),
    signer,
    feePayer: signer,
    accounts: [],
    useGas: () => {},
  };
}
