/** The registry's state: key formats, records, read-only and writable views. */
export * from './keys.js';
export * from './read.js';
export * from './records.js';
export * from './write.js';
