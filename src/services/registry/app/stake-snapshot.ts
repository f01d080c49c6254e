/**
 * Stake claims against the stake snapshot (spec/oasis.md §7, RT-25). Escrows are UED state; the
 * VED sees them only through the snapshot the UED hands over at each epoch boundary (APE-6), so
 * the registry keeps the escrow of every account in the last snapshot (the genesis allocation
 * before the first one) and checks claims against it: one epoch of lag, as for the validator set.
 */
import { type Codec, decodeWith, encodeWith, quantity, TandemError } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import { RegistryError, type StakeClaims, type StakeRequirement } from '../api/index.js';
import { type KvReader, RegistryStateReader, stakeKey, stakePrefix } from '../state/index.js';

const amount: Codec<bigint> = quantity;

/** Replace the stored escrows with `rows` (a snapshot: account → active escrow). */
export async function replaceOwnerStakes(
  state: KvState,
  rows: readonly { account: Uint8Array; balance: bigint }[],
): Promise<void> {
  const old: Uint8Array[] = [];
  for await (const [k] of state.entries(stakePrefix)) old.push(k);
  for (const k of old) state.delete(k);
  for (const r of rows) if (r.balance > 0n) state.set(stakeKey(r.account), encodeWith(amount, r.balance));
}

/** An account's escrow in the last snapshot (0 when it had none). */
export async function ownerStake(state: KvReader, account: Uint8Array): Promise<bigint> {
  const raw = await state.get(stakeKey(account));
  if (raw === null) return 0n;
  try {
    return decodeWith(amount, raw);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new RegistryError(RegistryError.CORRUPT_STATE, `registry state: stake row: ${e.message}`);
  }
}

/** What a requirement costs under the registry's `stake_thresholds`. */
export async function requiredStake(state: KvReader, req: StakeRequirement): Promise<bigint> {
  const params = await new RegistryStateReader(state).params();
  const byKind = new Map(params.stake_thresholds.map((t) => [t.kind, t.amount]));
  return req.kinds.reduce((sum, k) => sum + (byKind.get(k) ?? 0n), req.extra);
}

/** Claims covered when the owner's snapshot escrow reaches what its registrations claim. */
export const snapshotStakeClaims: StakeClaims = {
  async covers(state, owner, req) {
    return (await ownerStake(state, owner)) >= (await requiredStake(state, req));
  },
};
