/**
 * `runtime/host`: starts runtime bundles through a {@link Provisioner} (sandboxed by default),
 * connects to them over a unix socket and keeps them alive with the Runtime Host Protocol.
 */
export * from './provisioner.js';
