/**
 * Strict parsing of the staking genesis. The document may come from JSON or YAML, so amounts and
 * epochs are accepted as bigints, safe non-negative integers or canonical decimal strings, and
 * addresses as 21-byte arrays or bech32 text. Anything else, unknown fields included, is refused
 * with INVALID_GENESIS naming the path.
 */
import { ADDRESS_SIZE, addressFromString, MAX_QUANTITY, toHex } from '../../../common/index.js';
import { MAX_REWARD_STEPS } from '../api/codecs.js';
import { StakingError } from '../api/errors.js';
import type { GenesisDelegation, RewardStep, StakingGenesis, StakingParams } from '../api/types.js';

/** Most delegations a genesis document may list. */
export const MAX_GENESIS_DELEGATIONS = 100_000;

function bad(path: string, message: string): never {
  throw new StakingError(StakingError.INVALID_GENESIS, `genesis ${path}: ${message}`);
}

function record(raw: unknown, path: string, required: string[], optional: string[] = []) {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) {
    bad(path, 'expected an object');
  }
  if (Object.getPrototypeOf(raw) !== Object.prototype && Object.getPrototypeOf(raw) !== null) {
    bad(path, 'expected a plain object');
  }
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!required.includes(k) && !optional.includes(k)) bad(path, `unknown field "${k}"`);
  }
  for (const k of required) if (obj[k] === undefined) bad(path, `missing field "${k}"`);
  return obj;
}

function amount(raw: unknown, path: string, max = MAX_QUANTITY): bigint {
  let v: bigint;
  if (typeof raw === 'bigint') v = raw;
  else if (typeof raw === 'number' && Number.isSafeInteger(raw)) v = BigInt(raw);
  else if (typeof raw === 'string' && /^(0|[1-9][0-9]{0,79})$/.test(raw)) v = BigInt(raw);
  else return bad(path, 'expected a non-negative integer (bigint, number or decimal string)');
  if (v < 0n || v > max) bad(path, `out of range 0..${max}`);
  return v;
}

const u64 = (raw: unknown, path: string): bigint => amount(raw, path, 0xffffffffffffffffn);

function address(raw: unknown, path: string): Uint8Array {
  if (raw instanceof Uint8Array) {
    if (raw.length !== ADDRESS_SIZE) bad(path, `expected ${ADDRESS_SIZE} bytes`);
    return Uint8Array.from(raw);
  }
  if (typeof raw !== 'string') return bad(path, 'expected an address');
  try {
    return addressFromString(raw);
  } catch {
    return bad(path, 'not a valid bech32 address');
  }
}

function list(raw: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(raw)) bad(path, 'expected an array');
  if (raw.length > max) bad(path, `more than ${max} entries`);
  return raw;
}

function rewardStep(raw: unknown, path: string): RewardStep {
  const o = record(raw, path, ['until_epoch', 'rate_numerator', 'rate_denominator']);
  return {
    until_epoch: u64(o.until_epoch, `${path}.until_epoch`),
    rate_numerator: u64(o.rate_numerator, `${path}.rate_numerator`),
    rate_denominator: u64(o.rate_denominator, `${path}.rate_denominator`),
  };
}

function params(raw: unknown, path: string): StakingParams {
  const o = record(
    raw,
    path,
    ['debonding_interval', 'reward_schedule', 'min_delegation'],
    ['epoch_interval'],
  );
  const steps = list(o.reward_schedule, `${path}.reward_schedule`, MAX_REWARD_STEPS);
  const p: StakingParams = {
    debonding_interval: u64(o.debonding_interval, `${path}.debonding_interval`),
    reward_schedule: steps.map((s, i) => rewardStep(s, `${path}.reward_schedule[${i}]`)),
    min_delegation: amount(o.min_delegation, `${path}.min_delegation`),
  };
  if (o.epoch_interval !== undefined) p.epoch_interval = u64(o.epoch_interval, `${path}.epoch_interval`);
  return p;
}

function delegation(raw: unknown, path: string): GenesisDelegation {
  const o = record(raw, path, ['delegator', 'account', 'amount']);
  return {
    delegator: address(o.delegator, `${path}.delegator`),
    account: address(o.account, `${path}.account`),
    amount: amount(o.amount, `${path}.amount`),
  };
}

/** Parse the staking genesis (shape and ranges only; {@link initGenesis} checks the rest). */
export function parseStakingGenesis(raw: unknown): StakingGenesis {
  const o = record(raw, '', ['params', 'common_pool', 'delegations']);
  const ds = list(o.delegations, 'delegations', MAX_GENESIS_DELEGATIONS);
  const delegations = ds.map((d, i) => delegation(d, `delegations[${i}]`));
  const seen = new Set<string>();
  for (const [i, d] of delegations.entries()) {
    const id = `${toHex(d.delegator)}/${toHex(d.account)}`;
    if (seen.has(id)) bad(`delegations[${i}]`, 'duplicate (delegator, account) pair');
    seen.add(id);
  }
  return {
    params: params(o.params, 'params'),
    common_pool: amount(o.common_pool, 'common_pool'),
    delegations,
  };
}
