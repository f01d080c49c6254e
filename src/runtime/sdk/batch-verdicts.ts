/**
 * The signature verdicts of one batch, computed ahead by the worker pool while the runtime's
 * thread works through the batch in order. The inputs whose signatures are not already known
 * (`VerifiedTxCache`) are cut into chunks and queued at once; when the batch reaches a chunk no
 * worker has taken yet, the runtime's thread takes it back and verifies those inputs itself, so it
 * never waits for a busy pool and every core, its own included, verifies.
 *
 * A verdict only replaces `openTx`'s own verification of the same bytes by the same function, and
 * a missing one (chunk taken back, worker failed) means "verify here": the results are those of
 * serial verification whatever the pool does.
 */
import { hashBytes } from '../../common/index.js';
import { SignatureVerdict, type TxDomain, txContext, type VerifiedTxs } from './tx.js';
import type { SignatureWorkerPool, VerifyTicket } from './verify-pool.js';

/**
 * Inputs per job: large enough to amortize a message between threads (about 12 ms of verifying
 * on a slow core), small enough to spread a batch of a few hundred over the cores.
 */
export const VERIFY_CHUNK = 64;
/** Bytes per job at most (beyond its first input), bounding what a worker holds at once. */
export const VERIFY_CHUNK_BYTES = 1024 * 1024;
/** Batches with fewer unverified inputs are verified on the runtime's thread alone. */
export const MIN_PARALLEL_INPUTS = VERIFY_CHUNK;

interface Chunk {
  readonly ticket: VerifyTicket;
  /** Input index → position in the chunk. */
  readonly at: Map<number, number>;
  verdicts?: Uint8Array | null;
}

/**
 * The transaction hash of each input of at most `maxBytes` (undefined for larger ones, which
 * admission refuses before hashing): a batch hashes its inputs once, for the verified-signature
 * cache and for admission, instead of once for each.
 */
export function inputHashes(inputs: readonly Uint8Array[], maxBytes: number): (Uint8Array | undefined)[] {
  return inputs.map((b) => (b.length <= maxBytes ? hashBytes(b) : undefined));
}

/** See the module comment. */
export class BatchVerdicts {
  private constructor(
    private readonly chunks: Chunk[],
    private readonly chunkOf: Int32Array,
  ) {}

  /**
   * Queue the verification of `inputs` on `pool`, or return undefined when it is not worth it
   * (pool unusable, too few inputs whose signature is not yet known). `hashes`, when given, are
   * the inputs' {@link inputHashes} (the caller reuses them for admission).
   */
  static start(
    pool: SignatureWorkerPool | undefined,
    inputs: readonly Uint8Array[],
    domain: TxDomain,
    maxBytes: number,
    verified?: VerifiedTxs,
    hashes?: readonly (Uint8Array | undefined)[],
  ): BatchVerdicts | undefined {
    if (!pool?.usable || inputs.length < MIN_PARALLEL_INPUTS) return undefined;
    const todo: number[] = [];
    inputs.forEach((b, i) => {
      if (b.length <= maxBytes && !verified?.has(hashes?.[i] ?? hashBytes(b))) todo.push(i);
    });
    if (todo.length < MIN_PARALLEL_INPUTS) return undefined;
    const ctx = txContext(domain);
    const chunkOf = new Int32Array(inputs.length).fill(-1);
    const chunks: Chunk[] = [];
    for (const idx of cut(todo, inputs)) {
      const at = new Map<number, number>();
      idx.forEach((i, k) => {
        at.set(i, k);
        chunkOf[i] = chunks.length;
      });
      chunks.push({
        ticket: pool.submit(
          ctx,
          maxBytes,
          idx.map((i) => inputs[i]!),
        ),
        at,
      });
    }
    return new BatchVerdicts(chunks, chunkOf);
  }

  /**
   * The verdict on input `i` (UNKNOWN: verify it yourself). Takes the input's chunk back from
   * the pool if no worker has started it, otherwise waits for the worker.
   */
  async at(i: number): Promise<SignatureVerdict> {
    const c = this.chunkOf[i] ?? -1;
    const chunk = this.chunks[c];
    if (!chunk) return SignatureVerdict.UNKNOWN;
    if (chunk.verdicts === undefined) {
      chunk.verdicts = chunk.ticket.cancel() ? null : await chunk.ticket.verdicts;
    }
    const v = chunk.verdicts?.[chunk.at.get(i)!] ?? SignatureVerdict.UNKNOWN;
    return v as SignatureVerdict;
  }

  /** Withdraw whatever is still queued (the batch ended early, e.g. aborted). */
  cancel(): void {
    for (const c of this.chunks) if (c.verdicts === undefined) c.ticket.cancel();
  }
}

/**
 * Groups `todo` (input indices, in order) into jobs of at most VERIFY_CHUNK inputs and
 * VERIFY_CHUNK_BYTES; at least two jobs, so that even a small batch is verified on two threads.
 */
function cut(todo: readonly number[], inputs: readonly Uint8Array[]): number[][] {
  const size = Math.min(VERIFY_CHUNK, Math.ceil(todo.length / 2));
  const out: number[][] = [];
  let cur: number[] = [];
  let bytes = 0;
  for (const i of todo) {
    const n = inputs[i]!.length;
    if (cur.length === size || (cur.length > 0 && bytes + n > VERIFY_CHUNK_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(i);
    bytes += n;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}
