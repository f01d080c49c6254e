/**
 * The signed transfers of one load run. Signing (and encoding, hashing) a transfer is work of the
 * client alone, which a node never does; done while the run submits, it took the load
 * generator's share of the cores that the nodes under test share with it. So the first
 * {@link PRESIGN_MAX} transfers of a run are signed before its clock starts ({@link presign}), and
 * only a run longer than that signs the rest as they fall due. Each transfer's latency still runs
 * from its own submission, and the order of transfers (round-robin over the senders, nonces in
 * order) is the same either way.
 */
import { addressFromPublicKey, hash, type Signer, toHex } from '../common/index.js';
import { signTransaction } from '../consensus/index.js';
import { METHOD_TRANSFER, transferCodec } from '../services/system/index.js';

/** The fee of every transfer the load generator signs. */
export const LOAD_FEE = 10n;

/** Most transfers signed ahead of a run (about 60 MB held); the rest are signed when due. */
export const PRESIGN_MAX = 200_000;

/** A signed transfer and the key its outcome is tallied under (hex of its hash). */
export interface SignedTransfer {
  readonly tx: Uint8Array;
  readonly key: string;
}

/** Sign a transfer of `amount` from `from` (whose address is `fromAddress`) to `to`. */
export function signTransfer(
  from: Signer,
  fromAddress: Uint8Array,
  ctx: string,
  nonce: bigint,
  to: Uint8Array,
  amount: bigint,
): Uint8Array {
  return signTransaction(from, ctx, {
    nonce,
    fee: { amount: LOAD_FEE, gas: 100_000n },
    method: METHOD_TRANSFER,
    body: transferCodec.toCbor({ to, amount }, 'body'),
    accounts: [
      { address: fromAddress, writable: true },
      { address: to, writable: true },
    ],
  });
}

/**
 * Transfers of one unit from each sender to `sink`, round-robin over the senders starting at nonce
 * 0: transfer i is sent by sender i mod n with that sender's next nonce.
 */
export class TransferSource {
  readonly #senders: readonly Signer[];
  readonly #addresses: readonly Uint8Array[];
  readonly #nonces: bigint[];
  readonly #ahead: SignedTransfer[] = [];
  #made = 0;
  #taken = 0;

  constructor(
    senders: readonly Signer[],
    private readonly ctx: string,
    private readonly sink: Uint8Array,
    private readonly total: number,
  ) {
    this.#senders = senders;
    this.#addresses = senders.map((s) => addressFromPublicKey(s.publicKey));
    this.#nonces = senders.map(() => 0n);
  }

  /** Sign the first min(total, `max`) transfers now; returns how many are held signed. */
  presign(max = PRESIGN_MAX): number {
    const upTo = Math.min(this.total, max);
    while (this.#made < upTo) this.#ahead.push(this.#make());
    return this.#ahead.length - this.#taken;
  }

  /** The next transfer: the pre-signed one if there is one, else signed now. */
  next(): SignedTransfer {
    if (this.#taken < this.#ahead.length) {
      const t = this.#ahead[this.#taken]!;
      this.#ahead[this.#taken++] = EMPTY; // let the sent transfer's bytes go
      return t;
    }
    return this.#make();
  }

  #make(): SignedTransfer {
    const k = this.#made++ % this.#senders.length;
    const nonce = this.#nonces[k]!;
    this.#nonces[k] = nonce + 1n;
    const tx = signTransfer(this.#senders[k]!, this.#addresses[k]!, this.ctx, nonce, this.sink, 1n);
    return { tx, key: toHex(hash(tx)) };
  }
}

const EMPTY: SignedTransfer = { tx: new Uint8Array(0), key: '' };
