/**
 * How the host starts a runtime process. A provisioner turns a verified bundle into a running
 * process that will connect to the host's unix socket; the host then speaks RHP over that socket
 * and never cares how the process is confined. Two implementations: `sandbox` (bubblewrap plus a
 * seccomp filter, the default) and `unconfined` (explicit opt-in, warns).
 */

/** A runtime bundle's manifest (`manifest.json` beside the executable). */
export interface BundleManifest {
  /** Runtime id, 64 hex digits (spec/runtime.md RT-3). */
  readonly id: string;
  readonly name: string;
  readonly version: { readonly major: number; readonly minor: number; readonly patch: number };
  /** Path of the executable relative to the bundle directory. */
  readonly executable: string;
  /** Hex SHA-512/256 of the executable's bytes; checked before every start. */
  readonly checksum: string;
  /**
   * Optional interpreter for a script executable: an absolute host path or a bare command name
   * looked up on the host's PATH (`node` means the node running Tandem). Overrides the script's
   * `#!` line; without it the `#!` line decides (`#!/usr/bin/env X` is resolved like a bare name).
   */
  readonly interpreter?: string;
  /**
   * Optional absolute host paths the runtime needs read-only (e.g. an interpreter's standard
   * library), bound at the same place inside the sandbox. An ELF file listed here also brings the
   * shared libraries it links. Paths that contain the host's home, or `/proc`, `/sys`, `/dev`,
   * are refused, as is anything the provisioner was told to protect (the node's data dir).
   */
  readonly readOnlyPaths?: readonly string[];
  /**
   * Optional: the runtime is a Node program importing Tandem's SDK. The Tandem package (its
   * `package.json`, `dist` and `node_modules`) is bound read-only at `/node_modules/tandem`, so
   * `import … from 'tandem/…'` resolves from the bundle.
   */
  readonly tandemSdk?: boolean;
}

/** A bundle on disk whose manifest has been read and whose checksum has been verified. */
export interface RuntimeBundle {
  /** Absolute path of the bundle directory. */
  readonly dir: string;
  readonly manifest: BundleManifest;
  /** Absolute path of the executable. */
  readonly executable: string;
}

/** How a runtime process ended. */
export interface RuntimeExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** A started runtime process. */
export interface SpawnedRuntime {
  readonly pid: number;
  /** Resolves once when the process has exited (for any reason). */
  readonly exited: Promise<RuntimeExit>;
  /** Kills the process (and, in the sandbox, everything inside it); idempotent. */
  kill(): void;
}

/** Options for one start. */
export interface SpawnOptions {
  /** Host-side path of the unix socket the host listens on; the runtime connects to it. */
  readonly socketPath: string;
  /** Extra environment for the runtime (the sandbox clears everything else). */
  readonly env?: Readonly<Record<string, string>>;
  /** Receives the runtime's stderr lines (for the host's log). */
  readonly onStderr?: (line: string) => void;
}

/** Environment variable naming the socket path as the runtime sees it. */
export const HOST_SOCKET_ENV = 'TANDEM_HOST_SOCKET';

/** Starts runtime processes. */
export interface Provisioner {
  readonly kind: 'sandbox' | 'unconfined';
  spawn(bundle: RuntimeBundle, opts: SpawnOptions): Promise<SpawnedRuntime>;
}
