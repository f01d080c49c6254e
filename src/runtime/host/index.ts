/**
 * `runtime/host`: starts runtime bundles through a {@link Provisioner} (sandboxed by default),
 * connects to them over a unix socket and keeps them alive with the Runtime Host Protocol.
 */
export * from './errors.js';
export * from './handshake.js';
export * from './host.js';
export {
  closeServer,
  killAndWait,
  type LaunchParams,
  launchInstance,
  type RuntimeInstance,
} from './instance.js';
export * from './options.js';
export * from './provisioner.js';
export * from './supervisor/backoff.js';
export * from './supervisor/policy.js';
export * from './watchdog.js';
