/**
 * `services/vote`: the vote program (APE-5…8, 15, 25, 26). Vote accounts (identified by the
 * address of their node's consensus key, which is also the escrow delegators stake to), their
 * management transactions, vote credits and UED reports recorded from each commit, the pure VED
 * membership computation that yields the next validator set and the VED account set, rewards to
 * members only, and slashing of any vote account. Other services are reached through injected
 * hooks ({@link VoteHooks}); the composition root wires them.
 */
export * from './api/index.js';
export * from './app/index.js';
export * from './state/index.js';
