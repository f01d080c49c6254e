/**
 * Read-only view of the staking state over a domain's {@link KvState}. Records are decoded
 * strictly; a record that does not decode means the state is damaged and is reported as
 * CORRUPT_STATE instead of being guessed at.
 */
import { type Codec, decodeWith, encodeWith, TandemError } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import { escrowCodec, paramsCodec, quantityCodec, snapshotEpochsCodec } from '../api/codecs.js';
import { StakingError } from '../api/errors.js';
import type { DebondingDelegation, Escrow, StakingParams } from '../api/types.js';
import {
  allowanceKey,
  commonPoolKey,
  debondingKey,
  debondingPrefix,
  delegationKey,
  delegationPrefix,
  escrowKey,
  escrowPrefix,
  paramsKey,
  parseDebondingKey,
  parseDelegationKey,
  parseEscrowKey,
  snapshotEpochsKey,
} from './keys.js';

/** An empty escrow record (both pools empty). */
export function emptyEscrow(): Escrow {
  return { active: { balance: 0n, total_shares: 0n }, debonding: { balance: 0n, total_shares: 0n } };
}

/** Decode a stored value, turning any decode failure into CORRUPT_STATE. */
export function decodeRecord<T>(codec: Codec<T>, value: Uint8Array, what: string): T {
  try {
    return decodeWith(codec, value);
  } catch (e) {
    const detail = e instanceof TandemError ? e.message : String(e);
    throw new StakingError(StakingError.CORRUPT_STATE, `stored ${what} does not decode: ${detail}`);
  }
}

/** Encode a record for storage. */
export function encodeRecord<T>(codec: Codec<T>, value: T): Uint8Array {
  return encodeWith(codec, value);
}

/** Read-only staking state. */
export class StakingReader {
  constructor(protected readonly kv: KvState) {}

  /** The parameters, or null before genesis. */
  async paramsOrNull(): Promise<StakingParams | null> {
    const v = await this.kv.get(paramsKey());
    return v === null ? null : decodeRecord(paramsCodec, v, 'params');
  }

  /** The parameters; NOT_INITIALIZED before genesis. */
  async params(): Promise<StakingParams> {
    const p = await this.paramsOrNull();
    if (p === null) throw new StakingError(StakingError.NOT_INITIALIZED, 'staking genesis has not run');
    return p;
  }

  /** The common pool balance. */
  async commonPool(): Promise<bigint> {
    return this.quantityAt(commonPoolKey(), 'common pool');
  }

  /** The escrow record of an account (empty pools if it has none). */
  async escrow(account: Uint8Array): Promise<Escrow> {
    const v = await this.kv.get(escrowKey(account));
    return v === null ? emptyEscrow() : decodeRecord(escrowCodec, v, 'escrow');
  }

  /** Every escrow record, in account byte order. */
  async *escrows(): AsyncIterable<[Uint8Array, Escrow]> {
    for await (const [k, v] of this.kv.entries(escrowPrefix())) {
      yield [parseEscrowKey(k), decodeRecord(escrowCodec, v, 'escrow')];
    }
  }

  /** What `beneficiary` may withdraw from `owner` (0 if nothing). */
  async allowance(owner: Uint8Array, beneficiary: Uint8Array): Promise<bigint> {
    return this.quantityAt(allowanceKey(owner, beneficiary), 'allowance');
  }

  /** Active shares `delegator` holds in `account` (0 if none). */
  async delegation(delegator: Uint8Array, account: Uint8Array): Promise<bigint> {
    return this.quantityAt(delegationKey(delegator, account), 'delegation');
  }

  /** Every delegation with its active shares, in (delegator, account) byte order. */
  async *delegations(): AsyncIterable<{ delegator: Uint8Array; account: Uint8Array; shares: bigint }> {
    for await (const [k, v] of this.kv.entries(delegationPrefix())) {
      yield { ...parseDelegationKey(k), shares: decodeRecord(quantityCodec, v, 'delegation') };
    }
  }

  /** Shares of one debonding delegation (0 if none). */
  async debonding(endEpoch: bigint, delegator: Uint8Array, account: Uint8Array): Promise<bigint> {
    return this.quantityAt(debondingKey(endEpoch, delegator, account), 'debonding shares');
  }

  /** Debonding delegations ending at or before `epoch`, oldest first, then by key bytes. */
  async maturedDebonding(epoch: bigint): Promise<DebondingDelegation[]> {
    const out: DebondingDelegation[] = [];
    for await (const [k, v] of this.kv.entries(debondingPrefix())) {
      const { endEpoch, delegator, account } = parseDebondingKey(k);
      if (endEpoch > epoch) break;
      out.push({ delegator, account, end_epoch: endEpoch, shares: decodeRecord(quantityCodec, v, 'shares') });
    }
    return out;
  }

  /** Every debonding delegation, in key order (end epoch first). */
  async allDebonding(): Promise<DebondingDelegation[]> {
    return this.maturedDebonding(0xffffffffffffffffn);
  }

  /** Epochs whose stake snapshot is kept, ascending. */
  async snapshotEpochs(): Promise<bigint[]> {
    const v = await this.kv.get(snapshotEpochsKey());
    return v === null ? [] : decodeRecord(snapshotEpochsCodec, v, 'snapshot epochs');
  }

  protected async quantityAt(key: Uint8Array, what: string): Promise<bigint> {
    const v = await this.kv.get(key);
    return v === null ? 0n : decodeRecord(quantityCodec, v, what);
  }
}
