/** Epoch rewards from the common pool to escrow accounts in the VED (APE-25). */
import { ADDRESS_SIZE, compareBytes, MAX_QUANTITY } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import { StakingError } from '../api/errors.js';
import { EVENT_REWARD, STAKING_MODULE } from '../api/methods.js';
import { rewardStepAt } from '../api/params.js';
import type { StakeEntry } from '../api/types.js';
import { StakingWriter } from '../state/writer.js';
import { add, minAmount, sub } from './shares.js';

/** Sorted, de-duplicated copies of the accounts, so the caller's order cannot change the result. */
function canonicalAccounts(accounts: readonly Uint8Array[]): Uint8Array[] {
  for (const a of accounts) {
    if (!(a instanceof Uint8Array) || a.length !== ADDRESS_SIZE) {
      throw new StakingError(
        StakingError.INVALID_ARGUMENT,
        `reward accounts must be ${ADDRESS_SIZE}-byte addresses`,
      );
    }
  }
  const sorted = [...accounts].sort(compareBytes);
  return sorted.filter((a, i) => i === 0 || compareBytes(sorted[i - 1]!, a) !== 0);
}

/**
 * Pays each listed escrow account's active pool its reward for `ctx.epoch`:
 * floor(active balance · rate), rate from the schedule step in force (none: nothing is paid).
 * Only the listed accounts are paid; the vote program lists those in the VED (APE-25) and calls
 * this once per epoch. Rewards come out of the common pool: if it cannot cover them all, each
 * reward is scaled to floor(due · pool / total due), so the sum never exceeds the pool and no
 * account is favoured by its address. Pools without shares get nothing (no one would own it).
 * Accounts are processed in byte order; returns what each paid account received.
 */
export async function rewardEscrows(
  ctx: BlockContext,
  accounts: readonly Uint8Array[],
): Promise<StakeEntry[]> {
  const list = canonicalAccounts(accounts);
  const st = new StakingWriter(ctx.state);
  const step = rewardStepAt(await st.params(), ctx.epoch);
  if (step === null || step.rate_numerator === 0n) return [];
  const escrows = [];
  for (const a of list) escrows.push(await st.escrow(a));
  const due = escrows.map((e) => {
    if (e.active.total_shares === 0n) return 0n;
    const r = (e.active.balance * step.rate_numerator) / step.rate_denominator;
    const room = MAX_QUANTITY - e.active.balance;
    return minAmount(r, room);
  });
  const totalDue = due.reduce((s, x) => s + x, 0n);
  const pool = await st.commonPool();
  const scale = (x: bigint): bigint => (totalDue <= pool ? x : (x * pool) / totalDue);
  const paid: StakeEntry[] = [];
  let spent = 0n;
  for (const [i, account] of list.entries()) {
    const amount = scale(due[i]!);
    if (amount === 0n) continue;
    const e = escrows[i]!;
    st.setEscrow(account, { ...e, active: { ...e.active, balance: add(e.active.balance, amount) } });
    spent += amount;
    paid.push({ account, balance: amount });
    ctx.emit({ module: STAKING_MODULE, kind: EVENT_REWARD, value: { account, amount, epoch: ctx.epoch } });
  }
  st.setCommonPool(sub(pool, spent));
  return paid;
}
