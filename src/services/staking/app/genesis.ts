/** Writes the staking genesis state: parameters, common pool and the initial delegations. */
import { TandemError, toHex } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import { StakingError } from '../api/errors.js';
import { validateParams } from '../api/params.js';
import type { Escrow, StakingGenesis } from '../api/types.js';
import { StakingWriter } from '../state/writer.js';
import { parseStakingGenesis } from './genesis-parse.js';
import { add, deposit, sharesForAmount } from './shares.js';

/** Options of {@link initGenesis}. */
export interface GenesisOptions {
  /** True when the service has an injected epoch function (then `epoch_interval` may be absent). */
  readonly hasEpochFunction?: boolean;
}

function invalid(message: string): never {
  throw new StakingError(StakingError.INVALID_GENESIS, `genesis: ${message}`);
}

/** Checks the parts of a parsed genesis that depend on each other. */
function checkGenesis(g: StakingGenesis, opts: GenesisOptions): void {
  try {
    validateParams(g.params);
  } catch (e) {
    invalid(e instanceof TandemError ? e.message : String(e));
  }
  if (g.params.epoch_interval === undefined && !opts.hasEpochFunction) {
    invalid('params.epoch_interval is required when no epoch function is injected');
  }
  for (const [i, d] of g.delegations.entries()) {
    if (d.amount === 0n || d.amount < g.params.min_delegation) {
      invalid(`delegations[${i}].amount is zero or below min_delegation`);
    }
  }
}

/**
 * Validates `raw` strictly (everything is checked before anything is written) and writes the
 * staking state. Genesis delegations create escrow without debiting any ledger account: the
 * tokens are part of the genesis supply. Shares are issued at the same price rule as AddEscrow
 * (1:1, since nothing was slashed yet). ALREADY_INITIALIZED if the domain has staking params.
 */
export async function initGenesis(ctx: BlockContext, raw: unknown, opts: GenesisOptions = {}): Promise<void> {
  const g = parseStakingGenesis(raw);
  checkGenesis(g, opts);
  const st = new StakingWriter(ctx.state);
  if ((await st.paramsOrNull()) !== null) {
    throw new StakingError(StakingError.ALREADY_INITIALIZED, 'staking genesis already ran');
  }
  const escrows = new Map<string, { account: Uint8Array; escrow: Escrow }>();
  const writes: [Uint8Array, Uint8Array, bigint][] = [];
  for (const d of g.delegations) {
    const id = toHex(d.account);
    const cur = escrows.get(id) ?? { account: d.account, escrow: await st.escrow(d.account) };
    const shares = sharesForAmount(cur.escrow.active, d.amount);
    cur.escrow = { ...cur.escrow, active: deposit(cur.escrow.active, d.amount, shares) };
    escrows.set(id, cur);
    writes.push([d.delegator, d.account, add(await st.delegation(d.delegator, d.account), shares)]);
  }
  st.setParams(g.params);
  st.setCommonPool(g.common_pool);
  for (const { account, escrow } of escrows.values()) st.setEscrow(account, escrow);
  for (const [delegator, account, shares] of writes) st.setDelegation(delegator, account, shares);
}
