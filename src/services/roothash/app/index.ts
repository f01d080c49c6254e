/** Roothash application logic: the pure commitment pool and liveness accounting. */
export * from './pool/index.js';
