/**
 * `runtime/rhp`: the Runtime Host Protocol (spec/oasis.md §9). Length-prefixed canonical CBOR
 * frames, the message set with Oasis's variant and field names, and a {@link Connection} that
 * multiplexes calls in both directions and closes on any protocol violation.
 */

export * from './batch-decode.js';
export * from './batch-encode.js';
export * from './connection.js';
export * from './errors.js';
export * from './frame.js';
export * from './handshake.js';
export * from './message.js';
export * from './messages/body.js';
export * from './messages/common.js';
export * from './messages/execute.js';
export * from './messages/to-host.js';
export * from './messages/to-runtime.js';
export * from './pair.js';
export * from './timers.js';
export * from './version.js';
