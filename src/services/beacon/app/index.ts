/** The beacon's application logic: handlers, hooks and derivations. */
export * from './entropy.js';
export * from './genesis.js';
export * from './options.js';
export * from './service.js';
export * from './transition.js';
export * from './vrf-keys.js';
export * from './vrf-prove.js';
