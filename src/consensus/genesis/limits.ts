/** Bounds on the genesis transaction-size parameter. */

/** Smallest `max_tx_bytes` a chain may set. */
export const MIN_TX_BYTES = 512;
/** Largest `max_tx_bytes`: the BFT layer's own per-transaction limit (64 KiB). */
export const MAX_TX_BYTES_LIMIT = 64 * 1024;
