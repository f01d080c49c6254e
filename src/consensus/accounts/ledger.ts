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
    return (await this.read(address))?.balance ?? 0n;
  }

  async credit(address: Uint8Array, amount: bigint): Promise<void> {
    checkAmount(amount);
    this.guard?.(address);
    const rec = (await this.read(address)) ?? newAccount(this.domain);
    this.checkWritable(rec);
    putAccount(this.state, address, { ...rec, balance: addAmount(rec.balance, amount) });
  }

  async debit(address: Uint8Array, amount: bigint): Promise<void> {
    checkAmount(amount);
    this.guard?.(address);
    const rec = await this.read(address);
    if (rec === null || rec.balance < amount) {
      throw new ConsensusError(ConsensusError.INSUFFICIENT_BALANCE, 'insufficient balance', {
        balance: String(rec?.balance ?? 0n),
        amount: String(amount),
      });
    }
    this.checkWritable(rec);
    putAccount(this.state, address, { ...rec, balance: rec.balance - amount });
  }

  /**
   * The record, read without a promise when the state can answer at once (the block overlay
   * with the path at hand), else awaited: this saves the async read's frame and promise.
   */
  private read(address: Uint8Array): AccountRecord | null | Promise<AccountRecord | null> {
    const s = this.state as KvState & Partial<ReadsNow>;
    const now = s.getNow === undefined ? undefined : getAccountNow(s as ReadsNow, address);
    return now !== undefined ? now : getAccount(this.state, address);
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
