/** Transactions, signed envelopes and receipts. */
export * from './block-decoder.js';
export * from './envelope.js';
export * from './envelope-bytes.js';
export * from './fee-payer-bytes.js';
export * from './receipt.js';
export * from './receipt-bytes.js';
export * from './transaction.js';
export * from './transaction-bytes.js';
export * from './verified-txs.js';
