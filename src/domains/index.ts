/**
 * `domains`: execution domains beside consensus. The UED runs on its own thread
 * ({@link UedWorkerHost}); validators' UED reports are collected in a {@link ReportBook};
 * execution status resolves at a stake threshold ({@link ExecutionStatusTracker}); a third of the
 * stake disagreeing halts the node, persistently ({@link HaltStore}).
 */

export * from './app-record.js';
export * from './app-rules.js';
export * from './chain-app.js';
export * from './chain-carry.js';
export * from './chain-view.js';
export * from './check-tx.js';
export * from './cross-domain.js';
export * from './errors.js';
export * from './execution-status.js';
export * from './genesis-builder.js';
export * from './genesis-check.js';
export * from './genesis-normalize.js';
export * from './genesis-text.js';
export * from './halt-store.js';
export * from './programs.js';
export * from './report-book.js';
export * from './ued-runner.js';
export * from './ued-worker.js';
export * from './vote-wiring.js';
