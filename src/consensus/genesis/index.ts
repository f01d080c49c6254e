/** The genesis document, its validation and loading, chain params, and the genesis state. */
export * from './document.js';
export * from './init.js';
export * from './limits.js';
export * from './load.js';
export * from './params.js';
export * from './validate.js';
