/**
 * `services/scheduler`: committee elections at every epoch transition (spec/oasis.md §4, RT-8), a
 * VED program. For each runtime it elects the executor committee (workers, then backup workers)
 * and, when the runtime asks for one, Tandem's storage committee (RT-22), ordering candidates by
 * their VRF outputs ({@link committeeSortKey}) or, with the insecure beacon, by a keyed shuffle
 * seeded from the epoch's beacon value. Other services read committees through
 * {@link committee} / {@link SchedulerStateReader} and ranks through {@link schedulerRank}.
 * The registry is reached only through {@link RuntimeSource} and {@link CandidateSource}.
 */
export * from './api/index.js';
export * from './app/index.js';
export * from './state/index.js';
