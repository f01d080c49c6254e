/**
 * `services/beacon`: per-epoch randomness (spec/oasis.md §5), a VED program. Two backends: the
 * insecure one derives each epoch's beacon from block entropy (tests and localnets); the VRF one
 * collects nodes' ECVRF proofs over a per-epoch alpha and derives the next alpha and the beacon
 * from their outputs. Elections read the outputs through {@link BeaconStateReader.electionBetas}
 * and order candidates with {@link committeeSortKey} / {@link validatorSortKey}.
 */
export * from './api/index.js';
export * from './app/index.js';
export * from './state/index.js';
