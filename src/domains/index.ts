/**
 * `domains`: execution domains beside consensus. The UED runs on its own thread
 * ({@link UedWorkerHost}); validators' UED reports are collected in a {@link ReportBook};
 * execution status resolves at a stake threshold ({@link ExecutionStatusTracker}); a third of the
 * stake disagreeing halts the node, persistently ({@link HaltStore}).
 */
export * from './errors.js';
export * from './execution-status.js';
export * from './halt-store.js';
export * from './report-book.js';
export * from './ued-worker.js';
