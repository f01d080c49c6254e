/**
 * `system`: the system program (accounts and transfers within a domain, remap requests between
 * the VED and the UED). Mapped RX-UED-VED at genesis (APE-12).
 */
export * from './api/errors.js';
export * from './api/methods.js';
export * from './api/transfer-bytes.js';
export * from './app/service.js';
export * from './state/keys.js';
