/** The beacon's API: types and codecs, method and event names, errors, election sort keys. */
export * from './errors.js';
export * from './methods.js';
export * from './sort-keys.js';
export * from './types.js';
