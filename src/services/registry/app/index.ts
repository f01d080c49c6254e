/** The registry's application logic: handlers, hooks, genesis and the functions other programs call. */
export * from './eligible.js';
export * from './entity.js';
export * from './env.js';
export * from './expiry.js';
export * from './genesis.js';
export * from './node.js';
export * from './node-checks.js';
export * from './node-runtimes.js';
export * from './open.js';
export * from './options.js';
export * from './runtime.js';
export * from './runtime-checks.js';
export * from './runtime-id.js';
export * from './service.js';
export * from './stake.js';
export * from './status.js';
export * from './suspension.js';
