/**
 * The receipts a pool has collected for its round (RT-22). Each is verified when added (signature,
 * runtime, storage membership, round) and filed under the roots it names; a storage node may vouch
 * for several candidate roots (it may store the results of both sides of a discrepancy) but only
 * once for each. At finalization only receipts for exactly the scheduler's roots count.
 */
import { concatBytes, fromHex, type Signed, toHex } from '../../../../common/index.js';
import {
  byBytes,
  checkSigner,
  openStorageReceipt,
  type PoolSnapshot,
  RoothashError,
} from '../../api/index.js';
import type { PoolConfig } from './types.js';

/** Verified receipts of one round, by roots. */
export class ReceiptStore {
  /** hex(io_root ‖ state_root) → signer keys (hex). */
  readonly #byRoots = new Map<string, Set<string>>();

  /** Verify and file a receipt for `round`; throws a coded error and files nothing if invalid. */
  add(cfg: PoolConfig, round: bigint, s: Signed): void {
    const r = openStorageReceipt(s, cfg.runtimeId, cfg.chainContext);
    checkSigner(s.signature.public_key, cfg.storage?.committee ?? []);
    if (r.round !== round) {
      throw new RoothashError(
        RoothashError.RECEIPT_WRONG_TARGET,
        `receipt for round ${r.round}, pool at ${round}`,
      );
    }
    const key = rootsKey(r.roots[0], r.roots[1]);
    const signer = toHex(s.signature.public_key);
    const set = this.#byRoots.get(key) ?? new Set<string>();
    if (set.has(signer)) {
      throw new RoothashError(
        RoothashError.RECEIPT_DUPLICATE_SIGNER,
        'storage node already vouched for these roots',
      );
    }
    set.add(signer);
    this.#byRoots.set(key, set);
  }

  /** The receipts as stored: by roots, signers sorted. */
  toRecords(): PoolSnapshot['receipts'] {
    return [...this.#byRoots.entries()]
      .map(([k, set]) => {
        const b = fromHex(k);
        const signers = [...set].map((h) => fromHex(h)).sort(byBytes((x) => x));
        return { roots: [b.slice(0, 32), b.slice(32)] as [Uint8Array, Uint8Array], signers };
      })
      .sort(byBytes((r) => concatBytes(r.roots[0], r.roots[1])));
  }

  /** Rebuild from stored records (already verified when they were added). */
  static fromRecords(records: PoolSnapshot['receipts']): ReceiptStore {
    const s = new ReceiptStore();
    for (const r of records) s.#byRoots.set(rootsKey(r.roots[0], r.roots[1]), new Set(r.signers.map(toHex)));
    return s;
  }

  /** Distinct storage nodes vouching for exactly these roots. */
  count(ioRoot: Uint8Array, stateRoot: Uint8Array): number {
    return this.#byRoots.get(rootsKey(ioRoot, stateRoot))?.size ?? 0;
  }
}

function rootsKey(io: Uint8Array, state: Uint8Array): string {
  return toHex(concatBytes(io, state));
}
