/**
 * `runtime/sdk`: write a runtime by declaring it ({@link defineRuntime}) and start it with
 * {@link runRuntime}. The SDK speaks RHP to the host, checks and executes transactions against
 * state read from the host with verified proofs, and builds the IO tree, write logs and compute
 * results header. Runtime transactions are built with {@link signTx}.
 */
export * from './admit.js';
export * from './batch-verdicts.js';
export * from './check.js';
export * from './context.js';
export * from './define.js';
export * from './errors.js';
export * from './execute.js';
export * from './fetcher.js';
export * from './io.js';
export * from './nonces.js';
export * from './query.js';
export * from './run.js';
export * from './serve.js';
export * from './state.js';
export * from './tx.js';
export * from './verified.js';
export * from './verify-pool.js';
