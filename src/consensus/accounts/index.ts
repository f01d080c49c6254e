/** Accounts with domain mappings: records, key formats, the ledger, programs, the VED set, remaps. */
export * from './keys.js';
export * from './ledger.js';
export * from './mapping.js';
export * from './programs.js';
export * from './record.js';
export * from './remap.js';
export * from './store.js';
export * from './ved-set.js';
export * from './ved-set-store.js';
