/** The block executor: per-block overlay, transaction runner, domain hashes. */

export * from './event-bytes.js';
export * from './execute.js';
export * from './gas.js';
export * from './hash.js';
export * from './overlay.js';
export * from './params.js';
