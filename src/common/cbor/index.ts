export * from './codec.js';
export * from './errors.js';
export * from './fast-decode.js';
export * from './fast-encode.js';
export * from './hash-list.js';
export * from './limits.js';
export * from './scan.js';
export * from './schema.js';
