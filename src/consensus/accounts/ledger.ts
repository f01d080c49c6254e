/**
 * The {@link Ledger} programs use: balances of the executing domain's accounts. A credit to an
 * unknown address creates a system account mapped RW in this domain. In a transaction, a guard
 * enforces the domain and listing rules (the executor supplies it); block hooks run unguarded.
 */
import { ConsensusError } from '../errors.js';
import type { DomainId, KvState, Ledger } from '../service.js';
import { rwMapping } from './mapping.js';
import type { AccountRecord } from './record.js';
import { isFrozen } from './remap.js';
import {
  addAmount,
  checkAmount,
  getAccount,
  getAccountNow,
  newAccount,
  putAccount,
  type ReadsNow,
} from './store.js';

/** Called before any balance change; throws to refuse it. */
export type WriteGuard = (address: Uint8Array) => void;

/** Ledger over one domain's state. */
export class DomainLedger implements Ledger {
  constructor(
    private readonly state: KvState,
    private readonly domain: DomainId,
    private readonly guard?: WriteGuard,
  ) {}

  async balance(address: Uint8Array): Promise<bigint> {
    const now = this.readNow(address);
    return (now !== undefined ? now : await getAccount(this.state, address))?.balance ?? 0n;
  }

  async credit(address: Uint8Array, amount: bigint): Promise<void> {
    if (!this.creditNow(address, amount))
      this.creditRecord(address, amount, await getAccount(this.state, address));
  }

  async debit(address: Uint8Array, amount: bigint): Promise<void> {
    if (!this.debitNow(address, amount))
      this.debitRecord(address, amount, await getAccount(this.state, address));
  }

  /**
   * {@link credit} without a promise when the record can be read at once (the block overlay with
   * the path at hand): true when done; false, with nothing changed, when it must be awaited. A
   * refusal throws here, as `credit` would reject.
   */
  creditNow(address: Uint8Array, amount: bigint): boolean {
    checkAmount(amount);
    this.guard?.(address);
    const rec = this.readNow(address);
    if (rec === undefined) return false;
    this.creditRecord(address, amount, rec);
    return true;
  }

  /** {@link debit} as {@link creditNow} is to `credit`. */
  debitNow(address: Uint8Array, amount: bigint): boolean {
    checkAmount(amount);
    this.guard?.(address);
    const rec = this.readNow(address);
    if (rec === undefined) return false;
    this.debitRecord(address, amount, rec);
    return true;
  }

  private creditRecord(address: Uint8Array, amount: bigint, found: AccountRecord | null): void {
    const rec = found ?? newAccount(this.domain);
    this.checkWritable(rec);
    putAccount(this.state, address, { ...rec, balance: addAmount(rec.balance, amount) });
  }

  private debitRecord(address: Uint8Array, amount: bigint, rec: AccountRecord | null): void {
    if (rec === null || rec.balance < amount) {
      throw new ConsensusError(ConsensusError.INSUFFICIENT_BALANCE, 'insufficient balance', {
        balance: String(rec?.balance ?? 0n),
        amount: String(amount),
      });
    }
    this.checkWritable(rec);
    putAccount(this.state, address, { ...rec, balance: rec.balance - amount });
  }

  /** The record when the state can answer at once, else undefined (the read must be awaited). */
  private readNow(address: Uint8Array): AccountRecord | null | undefined {
    const s = this.state as KvState & Partial<ReadsNow>;
    return s.getNow === undefined ? undefined : getAccountNow(s as ReadsNow, address);
  }

  private checkWritable(rec: AccountRecord): void {
    if (rec.mapping !== rwMapping(this.domain)) {
      throw new ConsensusError(
        ConsensusError.ACCOUNT_NOT_WRITABLE,
        `account is not RW in the ${this.domain}`,
      );
    }
    if (isFrozen(rec, this.domain)) {
      throw new ConsensusError(ConsensusError.ACCOUNT_FROZEN, 'account is frozen by a pending remap');
    }
  }
}
