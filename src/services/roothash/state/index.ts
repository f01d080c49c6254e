/** Roothash state: key formats and record access. */

export * from './inbox.js';
export * from './keys.js';
export * from './message-results.js';
export * from './outbox.js';
export * from './store.js';
