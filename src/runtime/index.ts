/**
 * `runtime` (layer 5.7): what sits on top of the runtime host and SDK. Today the local test host
 * used by the `tandem runtime` command, tests and benchmarks.
 */
export * from './testhost/index.js';
