export * from './codecs.js';
export * from './errors.js';
export * from './hooks.js';
export * from './methods.js';
export * from './params.js';
export * from './types.js';
