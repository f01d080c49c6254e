/**
 * Reading and writing account records through a domain's {@link KvState}, and the domain's fee
 * pool. Every amount change goes through the checked quantity arithmetic of `common`, so a
 * balance can neither go negative nor pass 2^256 − 1.
 */
import { addQuantity, MAX_QUANTITY, quantityFromBytes, quantityToBytes } from '../../common/index.js';
import { ConsensusError } from '../errors.js';
import type { DomainId, KvState } from '../service.js';
import { accountKey, feePoolKey } from './keys.js';
import { rwMapping } from './mapping.js';
import { type AccountRecord, decodeAccount, encodeAccount } from './record.js';

/** The record of an account, or null when the domain holds none. */
export async function getAccount(state: KvState, address: Uint8Array): Promise<AccountRecord | null> {
  const v = await state.get(accountKey(address));
  return v === null ? null : decodeAccount(v);
}

/** A state that can answer some reads at once: undefined means the read must be awaited. */
export interface ReadsNow {
  getNow(key: Uint8Array): Uint8Array | null | undefined;
}

/** {@link getAccount} without a promise: undefined when the read must be awaited instead. */
export function getAccountNow(state: ReadsNow, address: Uint8Array): AccountRecord | null | undefined {
  const v = state.getNow(accountKey(address));
  return v === undefined ? undefined : v === null ? null : decodeAccount(v);
}

/** Write an account record. */
export function putAccount(state: KvState, address: Uint8Array, rec: AccountRecord): void {
  state.set(accountKey(address), encodeAccount(rec));
}

/** Remove an account record. */
export function deleteAccount(state: KvState, address: Uint8Array): void {
  state.delete(accountKey(address));
}

/** A fresh system account mapped RW in `domain`. */
export function newAccount(domain: DomainId, owner = 'system'): AccountRecord {
  return { balance: 0n, nonce: 0n, mapping: rwMapping(domain), owner };
}

/** Throws unless `amount` is a bigint in 0..2^256−1. */
export function checkAmount(amount: bigint): bigint {
  if (typeof amount !== 'bigint' || amount < 0n || amount > MAX_QUANTITY) {
    throw new ConsensusError(ConsensusError.INVALID_AMOUNT, 'amount must be a bigint in 0..2^256-1');
  }
  return amount;
}

/** Checked addition with the executor's error code. */
export function addAmount(a: bigint, b: bigint): bigint {
  try {
    return addQuantity(a, b);
  } catch {
    throw new ConsensusError(ConsensusError.AMOUNT_OVERFLOW, 'amount overflow');
  }
}

/** The domain's accumulated fees. */
export async function feePool(state: KvState): Promise<bigint> {
  return poolOf(await state.get(feePoolKey()));
}

/** {@link feePool} without a promise: undefined when the read must be awaited instead. */
export function feePoolNow(state: ReadsNow): bigint | undefined {
  const v = state.getNow(feePoolKey());
  return v === undefined ? undefined : poolOf(v);
}

/** Set the domain's fee pool (to a value of {@link addAmount}, so within the quantity bounds). */
export function setFeePool(state: KvState, pool: bigint): void {
  state.set(feePoolKey(), quantityToBytes(pool));
}

function poolOf(v: Uint8Array | null): bigint {
  if (v === null) return 0n;
  try {
    return quantityFromBytes(v);
  } catch (e) {
    throw new ConsensusError(ConsensusError.CORRUPT_STATE, `fee pool: ${(e as Error).message}`);
  }
}

/** Add charged fees to the domain's pool. */
export async function addToFeePool(state: KvState, amount: bigint): Promise<void> {
  if (amount === 0n) return;
  setFeePool(state, addAmount(await feePool(state), amount));
}
