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
  bytesKey,
  bytesOfKey,
  decodeWith,
  encodeWith,
  hashParts,
  putCborHead,
  putCborHead64,
  struct,
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

const HASH_CONTEXT = utf8('tandem/consensus: ved set');
const U64_MAX = (1n << 64n) - 1n;
/** The two keys as CBOR text (head and ASCII). */
const K_EPOCH = Uint8Array.of(0x65, ...utf8('epoch'));
const K_ADDRESSES = Uint8Array.of(0x69, ...utf8('addresses'));

/** An account that changes domain at an epoch boundary. */
export interface DomainMove {
  readonly address: Uint8Array;
  readonly to: DomainId;
}

/**
 * An immutable, sorted set of VED account addresses for one epoch. The node hands the epoch's
 * set along with every block (to the UED worker, into its own records), so its encoding and hash
 * are made once per set and kept, and decoding bytes equal to a recently decoded set's encoding
 * returns that set (a byte comparison instead of a decode of every address).
 */
export class VedAccountSet {
  readonly epoch: bigint;
  /**
   * The members' {@link bytesKey} strings in increasing order. Such strings (one character per
   * byte) compare as their bytes do, so the engine's string sort gives the canonical order.
   */
  readonly #keys: readonly string[];
  /**
   * Members by {@link addressTag} (a list only where tags collide): `has` is a map look-up and
   * a 21-byte comparison, with no string built per call (it runs for every listed account).
   */
  readonly #byTag = new Map<number, Uint8Array | Uint8Array[]>();
  #encoded: Uint8Array | undefined;
  #hash: Uint8Array | undefined;

  constructor(epoch: bigint, addresses: Iterable<Uint8Array>) {
    this.epoch = epoch;
    const keys: string[] = [];
    for (const a of addresses) {
      if (!(a instanceof Uint8Array) || a.length !== ADDRESS_SIZE)
        throw new ConsensusError(ConsensusError.INVALID_KEY, 'address must be 21 bytes');
      keys.push(bytesKey(a));
    }
    keys.sort();
    let n = 0;
    for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[n - 1]) keys[n++] = keys[i]!;
    keys.length = n;
    if (n > MAX_VED_ACCOUNTS) throw new ConsensusError(ConsensusError.INVALID_MAPPING, 'VED set too large');
    for (const k of keys) this.#index(bytesOfKey(k));
    this.#keys = keys;
  }

  /** True when the account is mapped RW-VED this epoch. */
  has(address: Uint8Array): boolean {
    const m = this.#byTag.get(addressTag(address));
    if (m === undefined) return false;
    if (!Array.isArray(m)) return bytesEqual(m, address);
    return m.some((x) => bytesEqual(x, address));
  }

  #index(own: Uint8Array): void {
    const tag = addressTag(own);
    const m = this.#byTag.get(tag);
    if (m === undefined) this.#byTag.set(tag, own);
    else if (Array.isArray(m)) m.push(own);
    else this.#byTag.set(tag, [m, own]);
  }

  get size(): number {
    return this.#keys.length;
  }

  /** The addresses in bytewise order (fresh arrays). */
  addresses(): Uint8Array[] {
    return this.#keys.map(bytesOfKey);
  }

  /** The set of the next epoch: this one with the moves applied. */
  next(epoch: bigint, moves: readonly DomainMove[]): VedAccountSet {
    const s = new Set(this.#keys);
    for (const m of moves) {
      if (m.to === 'ved') s.add(bytesKey(m.address));
      else s.delete(bytesKey(m.address));
    }
    return new VedAccountSet(epoch, [...s].map(bytesOfKey));
  }

  /** Canonical encoding (sorted addresses), a fresh copy of the one kept. */
  encode(): Uint8Array {
    return this.#encoding().slice();
  }

  #encoding(): Uint8Array {
    this.#encoded ??= this.#write();
    return this.#encoded;
  }

  /**
   * The canonical bytes written directly: `{"epoch": u64, "addresses": [21-byte strings]}`, the
   * shorter key first. An epoch outside u64 goes to the codec, which refuses it.
   */
  #write(): Uint8Array {
    const { epoch } = this;
    if (typeof epoch !== 'bigint' || epoch < 0n || epoch > U64_MAX) {
      return encodeWith(codec, { epoch, addresses: this.addresses() });
    }
    const keys = this.#keys;
    const size = 1 + K_EPOCH.length + 9 + K_ADDRESSES.length + 5 + keys.length * (1 + ADDRESS_SIZE);
    const out = new Uint8Array(size);
    out[0] = 0xa2;
    out.set(K_EPOCH, 1);
    let at = putCborHead64(out, 1 + K_EPOCH.length, 0, epoch);
    out.set(K_ADDRESSES, at);
    at = putCborHead(out, at + K_ADDRESSES.length, 4, keys.length);
    for (const k of keys) {
      out[at++] = 0x40 + ADDRESS_SIZE;
      for (let i = 0; i < ADDRESS_SIZE; i++) out[at + i] = k.charCodeAt(i);
      at += ADDRESS_SIZE;
    }
    return out.slice(0, at);
  }

  /**
   * Strict decoding; addresses must be sorted and unique. Bytes equal to the encoding of a set
   * decoded or encoded here recently give that (immutable) set.
   */
  static decode(b: Uint8Array): VedAccountSet {
    const known = VedAccountSet.#recentSet(b);
    if (known !== undefined) return known;
    const v = decodeWith(codec, b, { maxSize: 64 + MAX_VED_ACCOUNTS * 24 });
    for (let i = 1; i < v.addresses.length; i++) {
      if (bytesKey(v.addresses[i - 1]!) >= bytesKey(v.addresses[i]!)) {
        throw new ConsensusError(ConsensusError.INVALID_MAPPING, 'VED set addresses not sorted and unique');
      }
    }
    const set = new VedAccountSet(v.epoch, v.addresses);
    // The strict decoder accepts only canonical bytes, so `b` is this set's encoding.
    set.#encoded = new Uint8Array(b);
    VedAccountSet.#remember(set);
    return set;
  }

  /** H("tandem/consensus: ved set" ‖ encoding), cached: the set never changes. */
  hash(): Uint8Array {
    if (this.#hash === undefined) {
      this.#hash = hashParts([HASH_CONTEXT, this.#encoding()]);
      VedAccountSet.#remember(this);
    }
    return this.#hash.slice();
  }

  /**
   * Sets decoded or hashed lately, newest first: the few a node uses at once (the epoch's, the
   * last epoch start's), so that the per-block decodes of the same bytes find them.
   */
  static readonly #recent: VedAccountSet[] = [];

  /** The recent set whose encoding is byte for byte `b`, if any. */
  static #recentSet(b: Uint8Array): VedAccountSet | undefined {
    if (!(b instanceof Uint8Array)) return undefined;
    return VedAccountSet.#recent.find((s) => {
      const e = s.#encoded;
      return e !== undefined && e.length === b.length && Buffer.compare(e, b) === 0;
    });
  }

  static #remember(set: VedAccountSet): void {
    const r = VedAccountSet.#recent;
    const i = r.indexOf(set);
    if (i >= 0) r.splice(i, 1);
    r.unshift(set);
    if (r.length > RECENT_MAX) r.length = RECENT_MAX;
  }
}

/** How many recent sets {@link VedAccountSet.decode} compares bytes with. */
const RECENT_MAX = 4;
