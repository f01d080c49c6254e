/** The scheduler's API: constants, errors, committee and parameter codecs, source interfaces. */
export * from './constants.js';
export * from './errors.js';
export * from './sources.js';
export * from './types.js';
