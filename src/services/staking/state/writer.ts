/**
 * Writable view of the staking state. Zero values are deleted rather than stored, so an account
 * that left staking leaves no key behind and the state hash does not depend on history.
 */
import { escrowCodec, paramsCodec, quantityCodec, snapshotEpochsCodec } from '../api/codecs.js';
import type { Escrow, StakingParams } from '../api/types.js';
import {
  allowanceKey,
  commonPoolKey,
  debondingKey,
  delegationKey,
  escrowKey,
  paramsKey,
  snapshotEpochsKey,
  snapshotKey,
  snapshotPrefix,
} from './keys.js';
import { encodeRecord, StakingReader } from './reader.js';

/** Read-write staking state. */
export class StakingWriter extends StakingReader {
  /** Store the parameters. */
  setParams(p: StakingParams): void {
    this.kv.set(paramsKey(), encodeRecord(paramsCodec, p));
  }

  /** Store the common pool balance. */
  setCommonPool(amount: bigint): void {
    this.putQuantity(commonPoolKey(), amount);
  }

  /** Store an escrow record; a record with both pools empty is deleted. */
  setEscrow(account: Uint8Array, e: Escrow): void {
    const key = escrowKey(account);
    const empty =
      e.active.balance === 0n &&
      e.active.total_shares === 0n &&
      e.debonding.balance === 0n &&
      e.debonding.total_shares === 0n;
    if (empty) this.kv.delete(key);
    else this.kv.set(key, encodeRecord(escrowCodec, e));
  }

  /** Store a delegation's active shares. */
  setDelegation(delegator: Uint8Array, account: Uint8Array, shares: bigint): void {
    this.putQuantity(delegationKey(delegator, account), shares);
  }

  /** Store a debonding delegation's shares. */
  setDebonding(endEpoch: bigint, delegator: Uint8Array, account: Uint8Array, shares: bigint): void {
    this.putQuantity(debondingKey(endEpoch, delegator, account), shares);
  }

  /** Store the list of kept snapshot epochs. */
  setSnapshotEpochs(epochs: bigint[]): void {
    if (epochs.length === 0) this.kv.delete(snapshotEpochsKey());
    else this.kv.set(snapshotEpochsKey(), encodeRecord(snapshotEpochsCodec, epochs));
  }

  /** Store one snapshot row. */
  setAllowance(owner: Uint8Array, beneficiary: Uint8Array, amount: bigint): void {
    this.putQuantity(allowanceKey(owner, beneficiary), amount);
  }

  setSnapshotRow(epoch: bigint, account: Uint8Array, balance: bigint): void {
    this.putQuantity(snapshotKey(epoch, account), balance);
  }

  /** Delete every row of one epoch's snapshot (keys collected first, then deleted). */
  async deleteSnapshot(epoch: bigint): Promise<void> {
    const keys: Uint8Array[] = [];
    for await (const [k] of this.kv.entries(snapshotPrefix(epoch))) keys.push(k);
    for (const k of keys) this.kv.delete(k);
  }

  private putQuantity(key: Uint8Array, v: bigint): void {
    if (v === 0n) this.kv.delete(key);
    else this.kv.set(key, encodeRecord(quantityCodec, v));
  }
}
