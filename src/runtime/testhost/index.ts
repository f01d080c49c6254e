/**
 * `runtime/testhost`: a host for trying runtimes locally (tests, the `tandem runtime run`
 * command, benchmarks): local MKVS state, storage sync with proofs, one verified block per batch.
 */
export * from './errors.js';
export * from './in-process.js';
export * from './lines.js';
export * from './local-host.js';
export * from './local-state.js';
export * from './nonce.js';
export * from './outputs.js';
export * from './pipeline.js';
export * from './runner.js';
