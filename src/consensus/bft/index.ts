/**
 * `consensus/bft`: the Tendermint consensus engine (spec/bft.md) and what it stands on.
 */
export * from './errors.js';
export * from './mempool.js';
