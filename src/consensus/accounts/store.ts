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
import { fastWritable } from './record-bytes.js';

/** The record of an account, or null when the domain holds none. */
export async function getAccount(state: KvState, address: Uint8Array): Promise<AccountRecord | null> {
  const v = await state.get(accountKey(address));
  return v === null ? null : decodeAccount(v);
}

/** A state that can answer some reads at once: undefined means the read must be awaited. */
export interface ReadsNow {
  getNow(key: Uint8Array): Uint8Array | null | undefined;
}

/** How a value kept decoded in a state becomes bytes again (and back). */
export interface ValueCodec<T> {
  encode(v: T): Uint8Array;
  decode(b: Uint8Array): T;
}

/**
 * A state that can hold decoded values until their bytes are needed (the block overlay): a value
 * written and read again in one block is then neither encoded nor decoded in between. The state
 * keeps the object itself, so it must never be changed after it is written or read this way.
 */
export interface HoldsValues extends ReadsNow {
  /** The value (decoded with `codec` unless held as one), null, or undefined: await the read. */
  getValueNow<T>(key: Uint8Array, codec: ValueCodec<T>): T | null | undefined;
  /** Write `value`; its bytes are `codec.encode(value)`, which must not fail. */
  setValue<T>(key: Uint8Array, value: T, codec: ValueCodec<T>): void;
}

/** The account record codec for {@link HoldsValues}. */
const recordValues: ValueCodec<AccountRecord> = { encode: encodeAccount, decode: decodeAccount };

function holdsValues(state: object): state is HoldsValues {
  return (state as Partial<HoldsValues>).setValue !== undefined;
}

/** {@link getAccount} without a promise: undefined when the read must be awaited instead. */
export function getAccountNow(state: ReadsNow, address: Uint8Array): AccountRecord | null | undefined {
  const key = accountKey(address);
  if (holdsValues(state)) return state.getValueNow(key, recordValues);
  const v = state.getNow(key);
  return v === undefined ? undefined : v === null ? null : decodeAccount(v);
}

/**
 * Write an account record. A state that {@link HoldsValues} keeps the record itself until its
 * bytes are needed when the record is one whose encoding cannot fail; the caller must then
 * not change it afterwards. Anything else is encoded now (so an invalid record fails here).
 */
export function putAccount(state: KvState, address: Uint8Array, rec: AccountRecord): void {
  const key = accountKey(address);
  if (holdsValues(state) && fastWritable(rec)) state.setValue(key, rec, recordValues);
  else state.set(key, encodeAccount(rec));
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

/** The fee pool codec for {@link HoldsValues} (a pool of {@link addAmount} always encodes). */
const poolValues: ValueCodec<bigint> = { encode: quantityToBytes, decode: (b) => poolOf(b) };

/** {@link feePool} without a promise: undefined when the read must be awaited instead. */
export function feePoolNow(state: ReadsNow): bigint | undefined {
  if (holdsValues(state)) {
    const p = state.getValueNow(feePoolKey(), poolValues);
    return p === null ? 0n : p;
  }
  const v = state.getNow(feePoolKey());
  return v === undefined ? undefined : poolOf(v);
}

/** Set the domain's fee pool (to a value of {@link addAmount}, so within the quantity bounds). */
export function setFeePool(state: KvState, pool: bigint): void {
  const ok = typeof pool === 'bigint' && pool >= 0n && pool <= MAX_QUANTITY;
  if (ok && holdsValues(state)) state.setValue(feePoolKey(), pool, poolValues);
  else state.set(feePoolKey(), quantityToBytes(pool));
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
