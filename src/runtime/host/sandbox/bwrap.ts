/**
 * The bubblewrap command line for one runtime (RT-2). Everything is unshared (no network, no
 * host pids, no host IPC), capabilities are dropped, the environment is cleared, the root is an
 * empty read-only tmpfs holding only the read-only binds from `binds.ts`, a private `/proc`,
 * a minimal `/dev` and a writable `/tmp`, and the seccomp filter is installed before exec.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Bind } from './binds.js';
import { SandboxError } from './errors.js';

/** Where the host's unix socket appears inside the sandbox. */
export const SANDBOX_SOCKET = '/host.sock';
/** Hostname inside the sandbox. */
export const SANDBOX_HOSTNAME = 'tandem';
/** What to tell an operator without bubblewrap. */
export const INSTALL_HINT = 'install bubblewrap (Debian: apt-get install -y bubblewrap)';

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    await access(p, constants.X_OK);
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Finds bwrap at `configured` or on PATH; refuses with the install hint when absent. */
export async function findBwrap(configured?: string): Promise<string> {
  const candidates =
    configured !== undefined
      ? [configured]
      : (process.env.PATH ?? '')
          .split(delimiter)
          .filter((d) => isAbsolute(d))
          .map((d) => join(d, 'bwrap'));
  for (const c of candidates) if (await isExecutableFile(c)) return c;
  const where = configured !== undefined ? `at ${configured}` : 'on PATH';
  throw new SandboxError(
    SandboxError.BWRAP_MISSING,
    `bubblewrap (bwrap) not found ${where}: ${INSTALL_HINT}`,
  );
}

/** Inputs of {@link bwrapArgs}. */
export interface BwrapPlan {
  readonly binds: readonly Bind[];
  /** Host path of the listening unix socket, bound at {@link SANDBOX_SOCKET}. */
  readonly socketPath: string;
  /** Environment inside the sandbox (everything else is cleared). */
  readonly env: Readonly<Record<string, string>>;
  /** The fd (in bwrap) from which it reads the seccomp program. */
  readonly seccompFd: number;
  /** Program and arguments, as paths inside the sandbox. */
  readonly argv: readonly string[];
}

/** The bwrap argument list (without bwrap itself). */
export function bwrapArgs(plan: BwrapPlan): string[] {
  const a = [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--cap-drop',
    'ALL',
    '--hostname',
    SANDBOX_HOSTNAME,
    '--chdir',
    '/',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
  ];
  for (const b of plan.binds) a.push('--ro-bind', b.src, b.dest);
  a.push('--ro-bind', plan.socketPath, SANDBOX_SOCKET);
  for (const [k, v] of Object.entries(plan.env)) a.push('--setenv', k, v);
  // The root tmpfs bwrap builds is writable until remounted; only /tmp should be.
  a.push('--remount-ro', '/', '--seccomp', String(plan.seccompFd), '--', ...plan.argv);
  return a;
}
