/** Roothash API: block headers, commitments, proposals, receipts, committees, contexts, errors. */
export * from './block.js';
export * from './commitment.js';
export * from './committee.js';
export * from './contexts.js';
export * from './errors.js';
export * from './evidence.js';
export * from './incoming.js';
export * from './message-results.js';
export * from './messages.js';
export * from './methods.js';
export * from './outbox.js';
export * from './pool-snapshot.js';
export * from './proposal.js';
export * from './receipt.js';
export * from './state-types.js';
