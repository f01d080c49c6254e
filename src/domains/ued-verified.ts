/**
 * Which transactions of a UED job the main thread has already verified, as they cross to the UED
 * worker: the transaction hashes (SHA-512/256 of the exact signed bytes), 32 bytes each, packed
 * into one buffer that is transferred with the job.
 *
 * Why the worker may trust this list: the worker is a thread of the same process, started by the
 * main thread, and the main thread only lists hashes its own {@link VerifiedTxs} holds, which only
 * a successful full decode (signature included) fills. The worker does not trust a position or a
 * flag: it hashes each transaction of the block it executes and skips the signature check only
 * when that hash is listed, so bytes differing from the verified ones in any bit are verified in
 * full (the same rule the main thread applies to its own cache). The list is decoded strictly:
 * a malformed one is a coded error, never a partial trust.
 */
import { HASH_SIZE, hash } from '../common/index.js';
import { VerifiedTxs } from '../consensus/index.js';
import { DomainsError } from './errors.js';
import { MAX_JOB_TXS } from './ued-wire.js';

/**
 * The hashes of those `txs` that `verified` holds, packed (an empty array when none or when there
 * is no cache). Each transaction is hashed once here; repeated bytes are listed once.
 */
export function packVerified(txs: readonly Uint8Array[], verified: VerifiedTxs | undefined): Uint8Array {
  if (verified === undefined || verified.size === 0 || txs.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(Math.min(txs.length, MAX_JOB_TXS) * HASH_SIZE);
  const listed = new VerifiedTxs(txs.length);
  let n = 0;
  for (const tx of txs) {
    if (n === MAX_JOB_TXS) break;
    const h = hash(tx);
    if (!verified.hasHash(h) || listed.hasHash(h)) continue;
    listed.addHash(h);
    out.set(h, n * HASH_SIZE);
    n++;
  }
  return n * HASH_SIZE === out.length ? out : out.slice(0, n * HASH_SIZE);
}

/**
 * The worker's side: a cache holding exactly the packed hashes. Throws {@link DomainsError}
 * `WORKER_FAILED` when the bytes are not a whole number of hashes or list more than a job can
 * hold.
 */
export function unpackVerified(b: Uint8Array): VerifiedTxs {
  if (!(b instanceof Uint8Array) || b.length % HASH_SIZE !== 0 || b.length > MAX_JOB_TXS * HASH_SIZE) {
    const len = b instanceof Uint8Array ? b.length : typeof b;
    throw new DomainsError(DomainsError.WORKER_FAILED, `malformed verified-transaction list (${len})`);
  }
  const n = b.length / HASH_SIZE;
  const set = new VerifiedTxs(Math.max(n, 1));
  for (let i = 0; i < n; i++) set.addHash(b.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  return set;
}
