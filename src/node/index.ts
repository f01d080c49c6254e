/** `node`: assembling a running node from the areas below (for now, the local network). */
export * from './errors.js';
export * from './localnet.js';
export * from './localnet-genesis.js';
