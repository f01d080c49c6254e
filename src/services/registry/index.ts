/**
 * `services/registry`: entities, nodes and runtimes (spec/oasis.md §6; RT-3, RT-4, RT-7, RT-22…26),
 * a VED program. Besides its transactions it exports what roothash and the scheduler call:
 * {@link eligibleNodes}, {@link freezeNode}, {@link recordFault}, the suspension bookkeeping and
 * {@link runtimeOwnerHasStake}; {@link RegistryStateReader} is its query API.
 */
export * from './api/index.js';
export * from './app/index.js';
export * from './state/index.js';
