/**
 * The VED account set: the addresses of accounts mapped RW-VED during one epoch. Since a domain
 * never reads another domain's state (APE-2), both domains classify transactions against this
 * set, which is constant for the epoch and shared read-only. It is recomputed at the epoch
 * boundary from the remaps that take effect; an account not in it and not a program is in the UED.
 * Its hash is committed in both domain hashes, so every node provably used the same set.
 */
import {
  ADDRESS_SIZE,
  array,
  bytes,
  bytesEqual,
  compareBytes,
  concatBytes,
  decodeWith,
  encodeWith,
  fromHex,
  hash,
  struct,
  toHex,
  u64,
  utf8,
} from '../../common/index.js';
import { ConsensusError } from '../errors.js';
import type { DomainId } from '../service.js';
import { addressTag } from './keys.js';

/** Most accounts the VED may hold (validators, their fee payers and funds: a small set). */
export const MAX_VED_ACCOUNTS = 100_000;

const codec = struct(
  { epoch: u64, addresses: array(bytes({ len: ADDRESS_SIZE }), MAX_VED_ACCOUNTS) },
  'VedAccountSet',
);

/** An account that changes domain at an epoch boundary. */
export interface DomainMove {
  readonly address: Uint8Array;
  readonly to: DomainId;
}

/** An immutable, sorted set of VED account addresses for one epoch. */
export class VedAccountSet {
  readonly epoch: bigint;
  readonly #hex: ReadonlySet<string>;
  /**
   * Members by {@link addressTag} (a list only where tags collide): `has` is a map look-up and
   * a 21-byte comparison, with no string built per call (it runs for every listed account).
   */
  readonly #byTag = new Map<number, Uint8Array | Uint8Array[]>();
  #hash: Uint8Array | undefined;

  constructor(epoch: bigint, addresses: Iterable<Uint8Array>) {
    this.epoch = epoch;
    const s = new Set<string>();
    for (const a of addresses) {
      if (a.length !== ADDRESS_SIZE)
        throw new ConsensusError(ConsensusError.INVALID_KEY, 'address must be 21 bytes');
      const hex = toHex(a);
      if (!s.has(hex)) this.#index(a);
      s.add(hex);
    }
    if (s.size > MAX_VED_ACCOUNTS)
      throw new ConsensusError(ConsensusError.INVALID_MAPPING, 'VED set too large');
    this.#hex = s;
  }

  /** True when the account is mapped RW-VED this epoch. */
  has(address: Uint8Array): boolean {
    const m = this.#byTag.get(addressTag(address));
    if (m === undefined) return false;
    if (!Array.isArray(m)) return bytesEqual(m, address);
    return m.some((x) => bytesEqual(x, address));
  }

  #index(a: Uint8Array): void {
    const tag = addressTag(a);
    const m = this.#byTag.get(tag);
    const own = new Uint8Array(a);
    if (m === undefined) this.#byTag.set(tag, own);
    else if (Array.isArray(m)) m.push(own);
    else this.#byTag.set(tag, [m, own]);
  }

  get size(): number {
    return this.#hex.size;
  }

  /** The addresses in bytewise order. */
  addresses(): Uint8Array[] {
    return [...this.#hex].sort().map((h) => fromHex(h));
  }

  /** The set of the next epoch: this one with the moves applied. */
  next(epoch: bigint, moves: readonly DomainMove[]): VedAccountSet {
    const s = new Set(this.#hex);
    for (const m of moves) {
      if (m.to === 'ved') s.add(toHex(m.address));
      else s.delete(toHex(m.address));
    }
    return new VedAccountSet(
      epoch,
      [...s].map((h) => fromHex(h)),
    );
  }

  /** Canonical encoding (sorted addresses). */
  encode(): Uint8Array {
    return encodeWith(codec, { epoch: this.epoch, addresses: this.addresses() });
  }

  /** Strict decoding; addresses must be sorted and unique. */
  static decode(b: Uint8Array): VedAccountSet {
    const v = decodeWith(codec, b, { maxSize: 64 + MAX_VED_ACCOUNTS * 24 });
    for (let i = 1; i < v.addresses.length; i++) {
      if (compareBytes(v.addresses[i - 1]!, v.addresses[i]!) >= 0) {
        throw new ConsensusError(ConsensusError.INVALID_MAPPING, 'VED set addresses not sorted and unique');
      }
    }
    return new VedAccountSet(v.epoch, v.addresses);
  }

  /** H("tandem/consensus: ved set" ‖ encoding), cached: the set never changes. */
  hash(): Uint8Array {
    this.#hash ??= hash(concatBytes(utf8('tandem/consensus: ved set'), this.encode()));
    return this.#hash;
  }
}
