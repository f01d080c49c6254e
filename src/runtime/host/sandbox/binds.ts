/**
 * What a sandbox sees: read-only binds of exactly what the runtime needs (its bundle, its
 * interpreter and that interpreter's shared libraries, paths the manifest declares, Tandem's SDK if
 * asked) and nothing that holds the host's secrets.
 *
 * Why the exact closure rather than binding `/usr`, `/lib` wholesale: binding whole system dirs
 * would be simpler but shows the runtime every installed program and library (more to exploit,
 * and `/usr/local` can hold site data), and it would still miss interpreters installed elsewhere
 * (CI toolcaches, nvm). `ldd` gives the interpreter's libraries and loader; interpreters with
 * support files (python's standard library) declare them in `readOnlyPaths`. `/etc/ld.so.cache`
 * (a list of library locations, nothing secret) is bound too so libraries in non-default dirs
 * are still found.
 */
import { existsSync, readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeBundle } from '../provisioner.js';
import { SandboxError } from './errors.js';
import { isElfFile, type Launch, sharedLibraries } from './launch.js';

/** One read-only bind: host `src` appears at `dest` in the sandbox. */
export interface Bind {
  readonly src: string;
  readonly dest: string;
}

/** Where the bundle directory appears inside the sandbox. */
export const BUNDLE_MOUNT = '/bundle';
/** Where Tandem's package appears for `tandemSdk` runtimes. */
export const SDK_MOUNT = '/node_modules/tandem';
/** The dynamic loader's index of library locations. */
const LD_CACHE = '/etc/ld.so.cache';
/** Kernel filesystems never bound from the host (the sandbox gets its own /proc and /dev). */
const KERNEL_DIRS = ['/proc', '/sys', '/dev'];

const within = (p: string, dir: string): boolean => dir === '/' || p === dir || p.startsWith(`${dir}/`);

/** Refuses a bind that would expose a protected directory or a host kernel filesystem. */
export function checkBindable(path: string, protectedDirs: readonly string[]): void {
  const why = (r: string): never => {
    throw new SandboxError(SandboxError.BIND_REFUSED, `refusing to bind ${path} into the sandbox: ${r}`);
  };
  if (!isAbsolute(path) || normalize(path) !== path || (path.endsWith('/') && path !== '/')) {
    why('not a normalized absolute path');
  }
  for (const k of KERNEL_DIRS) if (within(path, k) || within(k, path)) why(`it overlaps ${k}`);
  for (const d of protectedDirs) if (within(d, path)) why(`it contains the protected directory ${d}`);
}

/** Tandem's package root: the nearest ancestor of this module holding package.json. */
export function packageRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json'))) {
    const up = dirname(d);
    if (up === d) throw new SandboxError(SandboxError.BIND_REFUSED, 'Tandem package root not found');
    d = up;
  }
  return d;
}

function sdkBinds(): Bind[] {
  const root = packageRoot();
  const name = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown }).name;
  if (name !== 'tandem')
    throw new SandboxError(SandboxError.BIND_REFUSED, `package at ${root} is not tandem`);
  return ['package.json', 'dist', 'node_modules'].map((f) => ({
    src: join(root, f),
    dest: `${SDK_MOUNT}/${f}`,
  }));
}

async function elfBinds(file: string): Promise<Bind[]> {
  const libs = await sharedLibraries(file);
  return [{ src: file, dest: file }, ...libs.map((l) => ({ src: l, dest: l }))];
}

/** Every bind a bundle needs, deduplicated by destination, each checked against `protectedDirs`. */
export async function planBinds(
  bundle: RuntimeBundle,
  launch: Launch,
  protectedDirs: readonly string[],
): Promise<Bind[]> {
  const guard = [homedir(), ...protectedDirs];
  const binds: Bind[] = [{ src: bundle.dir, dest: BUNDLE_MOUNT }];
  if (launch.script) binds.push(...(await elfBinds(launch.program)));
  else binds.push(...(await sharedLibraries(launch.program)).map((l) => ({ src: l, dest: l })));
  for (const p of bundle.manifest.readOnlyPaths ?? []) {
    checkBindable(p, guard);
    const real = await realpath(p).catch(() => {
      throw new SandboxError(SandboxError.BIND_REFUSED, `declared path ${p} does not exist`);
    });
    binds.push({ src: real, dest: p });
    if (await isElfFile(real)) binds.push(...(await elfBinds(real)).slice(1));
  }
  if (bundle.manifest.tandemSdk === true) binds.push(...sdkBinds());
  if (existsSync(LD_CACHE)) binds.push({ src: LD_CACHE, dest: LD_CACHE });
  const seen = new Map<string, Bind>();
  for (const b of binds) {
    checkBindable(b.dest, guard);
    checkBindable(await realpath(b.src), guard);
    if (!seen.has(b.dest)) seen.set(b.dest, b);
  }
  return [...seen.values()];
}
