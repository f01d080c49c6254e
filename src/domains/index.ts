/**
 * `domains`: execution domains beside consensus. The UED runs inline or on its own thread
 * ({@link WorkerUedRunner}); validators' UED reports are collected in a {@link ReportBook};
 * execution status resolves at a stake threshold ({@link ExecutionStatusTracker}); a third of the
 * stake disagreeing halts the node, persistently ({@link HaltStore}).
 */

export * from './app-record.js';
export * from './app-rules.js';
export * from './chain-app.js';
export type * from './chain-app-options.js';
export * from './chain-carry.js';
export * from './chain-view.js';
export * from './check-tx.js';
export * from './cross-domain.js';
export * from './errors.js';
export * from './execution-status.js';
export * from './genesis-builder.js';
export * from './genesis-check.js';
export * from './genesis-normalize.js';
export * from './genesis-registry.js';
export * from './genesis-text.js';
export * from './halt-store.js';
export * from './programs.js';
export * from './report-book.js';
export * from './runtime-hooks.js';
export * from './runtime-inbox.js';
export * from './runtime-outbox.js';
export * from './runtime-programs.js';
export * from './runtime-queries.js';
export * from './runtime-sources.js';
export * from './ued-budget.js';
export * from './ued-link.js';
export * from './ued-node-reader.js';
export * from './ued-runner.js';
export * from './ued-verified.js';
export * from './ued-watch.js';
export * from './ued-wire.js';
export type * from './ued-worker-protocol.js';
export * from './ued-worker-runner.js';
export * from './vote-wiring.js';
