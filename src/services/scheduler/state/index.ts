/** The scheduler's state: key formats, read-only and writable views. */
export * from './keys.js';
export * from './read.js';
export * from './write.js';
