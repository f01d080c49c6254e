/**
 * Transactions gossiped in batches: under load a node admits many transactions within a few
 * milliseconds, and one gossip message per transaction costs every node a message id, a seen-cache
 * entry, framing, encryption and a socket write per peer for each. A batch is the canonical CBOR
 * array of the signed transactions' bytes, bounded in count and in the size of each transaction and
 * of the whole; the receiver decodes it strictly against those bounds before admitting anything.
 */
import { array, bytes, decodeWith, encodeWith, TandemError } from '../common/index.js';
import { NodeError } from './errors.js';

/** Most transactions in one batch. */
export const MAX_BATCH_TXS = 256;
/** Most bytes of one batch's transactions together (its frame adds a few bytes per entry). */
export const MAX_BATCH_TX_BYTES = 512 * 1024;

/**
 * How long a batch waits for more transactions after its first. Every gossip message costs each
 * node framing, encryption, a message id and a socket write per peer, and in a full mesh each is
 * sent about nine times among four validators; clients submit in bursts every ~10 ms, so 5 ms
 * sent one small batch per burst. 20 ms merges a few bursts for a latency far below a block's.
 */
export const TX_BATCH_DELAY_MS = 20;

/** Largest encoded batch for transactions of at most `maxTxBytes` each. */
export function maxBatchBytes(maxTxBytes: number): number {
  return Math.max(MAX_BATCH_TX_BYTES, maxTxBytes) + 9 * (MAX_BATCH_TXS + 1);
}

/** Canonical bytes of a batch (the caller keeps within the bounds; see {@link TxBatcher}). */
export function encodeTxBatch(txs: readonly Uint8Array[]): Uint8Array {
  if (txs.length === 0 || txs.length > MAX_BATCH_TXS) {
    throw new NodeError(
      NodeError.TX_BATCH,
      `a batch holds 1 to ${MAX_BATCH_TXS} transactions, not ${txs.length}`,
    );
  }
  return encodeWith(array(bytes(), MAX_BATCH_TXS), [...txs]);
}

/**
 * Strict decoding of a batch: a canonical array of 1 to {@link MAX_BATCH_TXS} non-empty byte
 * strings of at most `maxTxBytes` each, {@link maxBatchBytes} in all. Throws {@link NodeError}
 * `TX_BATCH` otherwise.
 */
export function decodeTxBatch(data: Uint8Array, maxTxBytes: number): Uint8Array[] {
  if (!(data instanceof Uint8Array) || data.length > maxBatchBytes(maxTxBytes)) {
    const size = data instanceof Uint8Array ? `${data.length} bytes` : typeof data;
    throw new NodeError(NodeError.TX_BATCH, `transaction batch too large or not bytes (${size})`);
  }
  let txs: Uint8Array[];
  try {
    const codec = array(bytes({ max: maxTxBytes }), MAX_BATCH_TXS);
    const limits = { maxSize: maxBatchBytes(maxTxBytes), maxDepth: 1, maxItems: MAX_BATCH_TXS + 1 };
    txs = decodeWith(codec, data, limits);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new NodeError(NodeError.TX_BATCH, `malformed transaction batch: ${e.message}`);
  }
  if (txs.length === 0 || txs.some((t) => t.length === 0)) {
    throw new NodeError(NodeError.TX_BATCH, 'a batch needs at least one transaction, none empty');
  }
  return txs;
}

/**
 * Collects transactions and hands them on in batches: a batch is sent when it reaches the count
 * or byte bound, or `delayMs` after its first transaction, so a lone transaction waits at most
 * that long and a busy node sends few large messages.
 */
export class TxBatcher {
  #txs: Uint8Array[] = [];
  #bytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (txs: Uint8Array[]) => void,
    private readonly delayMs = TX_BATCH_DELAY_MS,
    private readonly maxTxs = MAX_BATCH_TXS,
    private readonly maxBytes = MAX_BATCH_TX_BYTES,
  ) {}

  /** Add a transaction to the current batch. */
  add(tx: Uint8Array): void {
    if (this.#txs.length > 0 && this.#bytes + tx.length > this.maxBytes) this.flush();
    this.#txs.push(tx);
    this.#bytes += tx.length;
    if (this.#txs.length >= this.maxTxs || this.#bytes >= this.maxBytes) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** Send what is collected now. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const txs = this.#txs;
    if (txs.length === 0) return;
    this.#txs = [];
    this.#bytes = 0;
    this.send(txs);
  }
}
