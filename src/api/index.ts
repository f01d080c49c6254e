/**
 * `api`: JSON-RPC 2.0 over HTTP (`POST /`, `GET /health`) and WebSocket (`/ws`, with
 * subscriptions), served from a {@link NodeBackend} the node implements. The JSON encodings of
 * results ({@link blockJ}, ...) are exported for the client, which decodes with the same codecs.
 */
export * from './backend.js';
export * from './encode.js';
export * from './errors.js';
export * from './json-codec.js';
export { type ApiLimits, DEFAULT_LIMITS } from './limits.js';
export { MAX_TIMEOUT_MS, MAX_TX_BYTES } from './params.js';
export * from './runtime-backend.js';
export * from './runtime-encode.js';
export * from './server.js';
export { WS_PATH } from './ws.js';
