/**
 * `services/roothash`: runtime blocks, executor commitments and the commitment pool that decides
 * each runtime round (spec/oasis.md §3, RT-12…22), a VED program. This part holds the formats and
 * the pure state machines; committees and runtime parameters are plain inputs.
 */
export * from './api/index.js';
export * from './app/index.js';
export * from './state/index.js';
