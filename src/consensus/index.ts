/**
 * `consensus`: the consensus layer's state machine around the BFT engine: the service contract
 * programs implement ({@link Service}), transactions, accounts with domain mappings, and the block
 * executor that applies a block to the VED and UED states as two separable steps.
 */
export * from './service.js';
