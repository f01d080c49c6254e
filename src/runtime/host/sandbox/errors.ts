import { TandemError } from '../../../common/index.js';

/** Errors of runtime bundles and provisioners (module `sandbox`, codes 1–39). */
export class SandboxError extends TandemError {
  static readonly MODULE = 'sandbox';
  /** `manifest.json` is missing or unreadable. */
  static readonly MANIFEST_MISSING = 1;
  /** `manifest.json` is larger than the bound. */
  static readonly MANIFEST_TOO_LARGE = 2;
  /** `manifest.json` is not JSON or does not match the schema. */
  static readonly MANIFEST_INVALID = 3;
  /** The runtime id's flag bits break RT-3. */
  static readonly BAD_RUNTIME_ID = 4;
  /** A manifest path leaves the bundle (or is not a plain relative path). */
  static readonly PATH_ESCAPES = 5;
  /** The executable is missing, not a regular file, too large or not executable. */
  static readonly EXECUTABLE = 6;
  /** The executable's SHA-512/256 differs from the manifest's checksum. */
  static readonly CHECKSUM_MISMATCH = 7;
  /** bubblewrap was not found. */
  static readonly BWRAP_MISSING = 8;
  /** The executable is neither an ELF binary nor a `#!` script, or its interpreter is unusable. */
  static readonly INTERPRETER = 9;
  /** A path the runtime declared cannot be bound (forbidden, relative or missing). */
  static readonly BIND_REFUSED = 10;
  /** Shared-library resolution (`ldd`) failed. */
  static readonly LIBRARIES = 11;
  /** The process could not be started. */
  static readonly SPAWN_FAILED = 12;
  /** An environment entry is malformed. */
  static readonly BAD_ENV = 13;
  /** The seccomp program could not be assembled (a jump out of range, too long). */
  static readonly SECCOMP = 14;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(SandboxError.MODULE, code, message, context);
    this.name = 'SandboxError';
  }
}
