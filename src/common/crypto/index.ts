export * from './context.js';
export * from './ed25519.js';
export * from './signed.js';
export { isSmallOrderEncoding, SMALL_ORDER_ENCODINGS } from './small-order.js';
