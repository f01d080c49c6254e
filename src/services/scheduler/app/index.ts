/** The scheduler's application logic: the pure elections and ranks, the hooks and the service. */
export * from './beacon-source.js';
export * from './candidates.js';
export * from './elect.js';
export * from './epoch.js';
export * from './genesis.js';
export * from './options.js';
export * from './ranks.js';
export * from './runtime.js';
export * from './service.js';
export * from './shuffle.js';
