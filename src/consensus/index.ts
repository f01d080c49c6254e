/**
 * `consensus`: the consensus layer's state machine around the BFT engine: the service contract
 * programs implement ({@link Service}), transactions, accounts with domain mappings, and the block
 * executor that applies a block to the VED and UED states as two separable steps.
 */

export * from './accounts/index.js';
export * from './classify.js';
export * from './clock.js';
export * from './epoch.js';
export * from './errors.js';
export * from './executor/index.js';
export * from './genesis/index.js';
export * from './service.js';
export * from './state-prefixes.js';
export * from './tx/index.js';
