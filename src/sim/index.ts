/**
 * `sim`: the deterministic simulator. The real BFT engine and driver run N validators in one
 * process on a virtual clock and an in-memory network; everything random comes from one seed.
 */
export * from './byzantine.js';
export * from './checker.js';
export * from './clock.js';
export * from './errors.js';
export * from './network.js';
export * from './rng.js';
export * from './run.js';
export * from './scenario.js';
export * from './sim-node.js';
export * from './sweep.js';
export * from './test-app.js';
