/**
 * Read-only and writable views of the vote program's state over a domain's {@link KvState}.
 * Handlers and hooks go through these, never through raw keys.
 */
import type { KvState } from '../../../consensus/index.js';
import type { AddressedVoteAccount, VedMembership, VoteAccount } from '../api/types.js';
import { ACCOUNT_PREFIX, accountKey, addressOfAccountKey, membershipKey, slashedKey } from './keys.js';
import { decodeAccount, decodeMembership, encodeAccount, encodeMembership } from './records.js';

/** Reads of the vote program's state. */
export class VoteStateReader {
  /** A view over one domain's state (the VED, where vote accounts live). */
  constructor(protected readonly kv: KvState) {}

  /** The vote account at `address`, or null. */
  async account(address: Uint8Array): Promise<VoteAccount | null> {
    const b = await this.kv.get(accountKey(address));
    return b === null ? null : decodeAccount(b);
  }

  /** Every vote account, in address order. */
  async accounts(): Promise<AddressedVoteAccount[]> {
    const out: AddressedVoteAccount[] = [];
    for await (const [k, v] of this.kv.entries(ACCOUNT_PREFIX)) {
      out.push({ address: addressOfAccountKey(k), account: decodeAccount(v) });
    }
    return out;
  }

  /** The membership stored for `epoch`, or null. */
  async membership(epoch: bigint): Promise<VedMembership | null> {
    if (epoch < 0n) return null;
    const b = await this.kv.get(membershipKey(epoch));
    return b === null ? null : decodeMembership(b);
  }

  /** Whether evidence against `node` at `height` was already slashed. */
  async wasSlashed(node: Uint8Array, height: bigint): Promise<boolean> {
    return (await this.kv.get(slashedKey(node, height))) !== null;
  }
}

/** Reads and writes of the vote program's state. */
export class VoteStateWriter extends VoteStateReader {
  /** Writes the vote account at `address`. */
  putAccount(address: Uint8Array, a: VoteAccount): void {
    this.kv.set(accountKey(address), encodeAccount(a));
  }

  /** Stores a membership under its own epoch. */
  putMembership(m: VedMembership): void {
    this.kv.set(membershipKey(m.epoch), encodeMembership(m));
  }

  /** Drops the membership of `epoch` (no-op for negative epochs). */
  deleteMembership(epoch: bigint): void {
    if (epoch >= 0n) this.kv.delete(membershipKey(epoch));
  }

  /** Records that evidence against `node` at `height` was slashed. */
  markSlashed(node: Uint8Array, height: bigint): void {
    this.kv.set(slashedKey(node, height), new Uint8Array(0));
  }
}
