/**
 * `client`: the typed TypeScript client of the Tandem JSON-RPC API ({@link TandemClient}); HTTP
 * for calls (node:http, kept-alive connections), WebSocket (`ws`) for subscriptions. Errors are {@link ClientError}s.
 */
export * from './client.js';
export * from './errors.js';
export type { BatchItem } from './http-call.js';
export * from './types.js';
