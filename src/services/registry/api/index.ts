/** The registry's API: descriptor types and codecs, method and event names, errors, params. */
export * from './claims.js';
export * from './entity.js';
export * from './errors.js';
export * from './methods.js';
export * from './node.js';
export * from './params.js';
export * from './runtime.js';
export * from './runtime-params.js';
export * from './status.js';
export * from './version.js';
