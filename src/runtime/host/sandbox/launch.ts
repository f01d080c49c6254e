/**
 * How a bundle's executable is started: an ELF binary runs as is; a `#!` script runs under its
 * interpreter, which Tandem resolves on the host (the sandbox has no PATH and no `/usr/bin/env`)
 * and then binds into the sandbox together with the shared libraries it links.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, open, realpath, stat } from 'node:fs/promises';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import type { RuntimeBundle } from '../provisioner.js';
import { SandboxError } from './errors.js';

/** What to exec: `program` (a host path) with `args` before the script path (if a script). */
export interface Launch {
  readonly program: string;
  readonly args: readonly string[];
  /** True when the bundle's executable is a script passed to `program`. */
  readonly script: boolean;
}

const MAX_SHEBANG = 256;
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

async function head(path: string, n: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const isElf = (b: Uint8Array): boolean => ELF_MAGIC.every((m, i) => b[i] === m);

/** True when `path` is a regular file starting with the ELF magic. */
export async function isElfFile(path: string): Promise<boolean> {
  const st = await stat(path);
  return st.isFile() && isElf(await head(path, 4));
}

/** Resolves a bare command on the host's PATH (`node` is the node running Tandem), or an absolute path. */
export async function resolveCommand(name: string): Promise<string> {
  if (name === 'node') return realpath(process.execPath);
  if (isAbsolute(name)) return realpath(name).catch(() => fail(`interpreter ${name} not found`));
  if (name.includes('/')) fail(`interpreter ${name} must be absolute or a bare name`);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const p = join(dir, name);
    const ok = await access(p, constants.X_OK).then(
      () => stat(p).then((s) => s.isFile()),
      () => false,
    );
    if (ok) return realpath(p);
  }
  return fail(`interpreter ${name} not found on PATH`);
}

function fail(msg: string): never {
  throw new SandboxError(SandboxError.INTERPRETER, msg);
}

/** Splits a `#!` line the way Linux does: the interpreter, then at most one argument. */
function parseShebang(b: Uint8Array, exe: string): { interp: string; arg: string | undefined } {
  const nl = b.indexOf(0x0a);
  if (nl < 0) fail(`${exe}: #! line longer than ${MAX_SHEBANG} bytes`);
  const line = Buffer.from(b.subarray(2, nl)).toString('utf8').trim();
  const sp = line.search(/[ \t]/);
  const interp = sp < 0 ? line : line.slice(0, sp);
  const arg = sp < 0 ? undefined : line.slice(sp).trim() || undefined;
  if (interp === '') fail(`${exe}: empty #! line`);
  return { interp, arg };
}

/** Decides how to start `bundle`; the program is always an ELF binary (checked). */
export async function resolveLaunch(bundle: RuntimeBundle): Promise<Launch> {
  const b = await head(bundle.executable, MAX_SHEBANG);
  let launch: Launch;
  if (isElf(b)) return { program: bundle.executable, args: [], script: false };
  if (bundle.manifest.interpreter !== undefined) {
    launch = { program: await resolveCommand(bundle.manifest.interpreter), args: [], script: true };
  } else if (b[0] === 0x23 && b[1] === 0x21) {
    const { interp, arg } = parseShebang(b, bundle.executable);
    if (basename(interp) === 'env' && arg !== undefined) {
      const [cmd, ...rest] = arg.split(/[ \t]+/).filter((s) => s !== '-S');
      launch = { program: await resolveCommand(cmd ?? ''), args: rest, script: true };
    } else {
      launch = { program: await resolveCommand(interp), args: arg === undefined ? [] : [arg], script: true };
    }
  } else {
    return fail(`${bundle.executable} is neither an ELF binary nor a #! script`);
  }
  if (!isElf(await head(launch.program, 4)))
    fail(`interpreter ${launch.program} is not an ELF binary (a shim?)`);
  return launch;
}

const cache = new Map<string, readonly string[]>();

/** Parses `ldd` output into the paths of the loaded objects (loader included, vDSO skipped). */
export function parseLdd(out: string, file: string): string[] {
  const paths: string[] = [];
  for (const raw of out.split('\n')) {
    const line = raw.trim();
    if (line === '' || /statically linked|not a dynamic executable/.test(line)) continue;
    if (/=>\s*not found/.test(line)) {
      throw new SandboxError(SandboxError.LIBRARIES, `${file}: shared library missing: ${line}`);
    }
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^(\/\S+)/.exec(line);
    if (m?.[1] !== undefined) paths.push(m[1]);
  }
  return paths;
}

/**
 * Shared libraries (and the dynamic loader) an ELF file needs, from `ldd`. Modern glibc `ldd`
 * asks the system loader to list dependencies without running the file's code; results are
 * cached per file version.
 */
export async function sharedLibraries(file: string): Promise<readonly string[]> {
  const st = await stat(file);
  const key = `${file}\0${st.mtimeMs}\0${st.size}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const out = await new Promise<string>((res, rej) => {
    execFile('ldd', [file], { env: { PATH: '/usr/bin:/bin' }, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      // ldd exits 1 for static binaries and says so; that is not an error.
      if (err && !/not a dynamic executable|statically linked/.test(`${stdout}${stderr}`)) {
        rej(new SandboxError(SandboxError.LIBRARIES, `ldd ${file} failed: ${stderr.trim() || err.message}`));
      } else res(stdout);
    });
  });
  const libs = parseLdd(out, file);
  cache.set(key, libs);
  return libs;
}
