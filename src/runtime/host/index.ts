/**
 * `runtime/host`: starts runtime bundles through a {@link Provisioner} (sandboxed by default),
 * connects to them over a unix socket and keeps them alive with the Runtime Host Protocol.
 */
export * from './bundle.js';
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
export { BUNDLE_MOUNT, SDK_MOUNT } from './sandbox/binds.js';
export * from './sandbox/bpf.js';
export { findBwrap, INSTALL_HINT, SANDBOX_HOSTNAME, SANDBOX_SOCKET } from './sandbox/bwrap.js';
export * from './sandbox/errors.js';
export { MAX_STDERR_LINE } from './sandbox/process.js';
export { type SandboxOptions, SandboxProvisioner } from './sandbox/provisioner.js';
export * from './sandbox/seccomp.js';
export { AUDIT_ARCH_AARCH64 } from './sandbox/syscalls-aarch64.js';
export { AUDIT_ARCH_X86_64 } from './sandbox/syscalls-x86_64.js';
export { UnconfinedProvisioner } from './sandbox/unconfined.js';
export * from './supervisor/backoff.js';
export * from './supervisor/policy.js';
export * from './watchdog.js';
