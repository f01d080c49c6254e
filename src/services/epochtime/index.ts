/** `epochtime`: the fixed-interval epoch schedule and the program recording the current epoch. */
export * from './schedule.js';
export * from './service.js';
export * from './state/keys.js';
