/** The commitment pool, its receipts, round classification and liveness accounting. */
export * from './evaluate.js';
export * from './liveness.js';
export * from './pool.js';
export * from './process.js';
export * from './results.js';
export * from './types.js';
