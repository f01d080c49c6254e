/**
 * Runtime bundles on disk: a directory holding `manifest.json` and the executable it names.
 * Loading is strict (bounded sizes, a closed schema, RT-3 id flags, paths that stay inside the
 * bundle) and ends by checking the executable's SHA-512/256 against the manifest, so a provisioner
 * only ever starts the bytes the operator approved.
 */
import { constants } from 'node:fs';
import { access, open, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { z } from 'zod';
import { fromHex, Hasher, toHex } from '../../common/index.js';
import type { BundleManifest, RuntimeBundle } from './provisioner.js';
import { SandboxError } from './sandbox/errors.js';

/** Name of the manifest file inside a bundle directory. */
export const MANIFEST_FILE = 'manifest.json';
/** Largest accepted manifest, in bytes. */
export const MAX_MANIFEST_BYTES = 64 * 1024;
/** Largest accepted executable, in bytes (it is hashed before every start). */
export const MAX_EXECUTABLE_BYTES = 512 * 1024 * 1024;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
const u16 = z.number().int().min(0).max(0xffff);
const noNul = (s: string): boolean => !s.includes('\0');
const hostPath = z.string().min(1).max(4096).refine(noNul, 'must not contain NUL');

const manifestSchema = z
  .object({
    id: hex64,
    name: z.string().min(1).max(128).refine(noNul, 'must not contain NUL'),
    version: z.object({ major: u16, minor: u16, patch: u16 }).strict(),
    executable: z.string().min(1).max(1024).refine(noNul, 'must not contain NUL'),
    checksum: hex64,
    interpreter: hostPath.optional(),
    readOnlyPaths: z.array(hostPath.refine(isAbsolute, 'must be an absolute path')).max(64).optional(),
    tandemSdk: z.boolean().optional(),
  })
  .strict();

/** RT-3: only bit 63 (test) and bit 62 (key manager) of the big-endian flag word may be set. */
function checkIdFlags(id: string): void {
  const b = fromHex(id, 32);
  const stray = ((b[0] ?? 0) & 0x3f) !== 0 || b.subarray(1, 8).some((x) => x !== 0);
  if (stray) {
    throw new SandboxError(
      SandboxError.BAD_RUNTIME_ID,
      'runtime id sets flag bits other than 63 and 62 (RT-3)',
      {
        id,
      },
    );
  }
}

/** A relative path with no `..`, `.` or empty segment, so it cannot name anything outside. */
function checkRelative(p: string): void {
  const plain = !isAbsolute(p) && !p.includes('\\') && normalize(p) === p;
  if (!plain || p.split('/').some((s) => s === '..' || s === '.' || s === '')) {
    throw new SandboxError(
      SandboxError.PATH_ESCAPES,
      `executable path "${p}" must be a plain path inside the bundle`,
    );
  }
}

async function readManifest(dir: string): Promise<BundleManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: Buffer;
  try {
    const st = await stat(path);
    if (st.size > MAX_MANIFEST_BYTES) {
      throw new SandboxError(
        SandboxError.MANIFEST_TOO_LARGE,
        `${path} is ${st.size} bytes (max ${MAX_MANIFEST_BYTES})`,
      );
    }
    text = await readFile(path);
  } catch (e) {
    if (e instanceof SandboxError) throw e;
    throw new SandboxError(SandboxError.MANIFEST_MISSING, `cannot read ${path}: ${(e as Error).message}`);
  }
  if (text.length > MAX_MANIFEST_BYTES) {
    throw new SandboxError(SandboxError.MANIFEST_TOO_LARGE, `${path} exceeds ${MAX_MANIFEST_BYTES} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.toString('utf8'));
  } catch (e) {
    throw new SandboxError(SandboxError.MANIFEST_INVALID, `${path} is not JSON: ${(e as Error).message}`);
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new SandboxError(SandboxError.MANIFEST_INVALID, `${path} is invalid: ${why}`);
  }
  return r.data as BundleManifest;
}

/** Resolves the executable, refusing symlinks that lead out of the bundle and non-executables. */
async function resolveExecutable(dir: string, rel: string): Promise<string> {
  checkRelative(rel);
  let real: string;
  try {
    real = await realpath(join(dir, rel));
  } catch (e) {
    throw new SandboxError(SandboxError.EXECUTABLE, `executable ${rel} not found: ${(e as Error).message}`);
  }
  if (!real.startsWith(dir + sep)) {
    throw new SandboxError(
      SandboxError.PATH_ESCAPES,
      `executable ${rel} resolves outside the bundle (${real})`,
    );
  }
  const st = await stat(real);
  if (!st.isFile())
    throw new SandboxError(SandboxError.EXECUTABLE, `executable ${rel} is not a regular file`);
  if (st.size > MAX_EXECUTABLE_BYTES) {
    throw new SandboxError(
      SandboxError.EXECUTABLE,
      `executable ${rel} is larger than ${MAX_EXECUTABLE_BYTES} bytes`,
    );
  }
  try {
    await access(real, constants.X_OK);
  } catch {
    throw new SandboxError(SandboxError.EXECUTABLE, `executable ${rel} is not executable (chmod +x)`);
  }
  return real;
}

/** Hex SHA-512/256 of a file, read in chunks (bounded by {@link MAX_EXECUTABLE_BYTES}). */
export async function fileChecksum(path: string): Promise<string> {
  const h = new Hasher();
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(1 << 20);
    let total = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_EXECUTABLE_BYTES) {
        throw new SandboxError(
          SandboxError.EXECUTABLE,
          `${path} is larger than ${MAX_EXECUTABLE_BYTES} bytes`,
        );
      }
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return toHex(h.digest());
}

/** Re-hashes a loaded bundle's executable; throws CHECKSUM_MISMATCH if it changed on disk. */
export async function verifyBundle(bundle: RuntimeBundle): Promise<void> {
  const got = await fileChecksum(bundle.executable);
  if (got !== bundle.manifest.checksum) {
    throw new SandboxError(
      SandboxError.CHECKSUM_MISMATCH,
      `checksum mismatch for ${bundle.executable}: manifest ${bundle.manifest.checksum}, file ${got}`,
    );
  }
}

/** Reads, validates and checksum-verifies the bundle in `dir`. */
export async function loadBundle(dir: string): Promise<RuntimeBundle> {
  let root: string;
  try {
    root = await realpath(resolve(dir));
  } catch (e) {
    throw new SandboxError(SandboxError.MANIFEST_MISSING, `bundle directory ${dir}: ${(e as Error).message}`);
  }
  const manifest = await readManifest(root);
  checkIdFlags(manifest.id);
  const executable = await resolveExecutable(root, manifest.executable);
  const bundle: RuntimeBundle = { dir: root, manifest, executable };
  await verifyBundle(bundle);
  return bundle;
}

/** Manifest fields a tool supplies; the checksum is computed from the executable. */
export type ManifestInput = Omit<BundleManifest, 'checksum'>;

/** Writes `manifest.json` into `dir` with the executable's checksum filled in; returns it. */
export async function writeBundleManifest(dir: string, fields: ManifestInput): Promise<BundleManifest> {
  checkRelative(fields.executable);
  const manifest: BundleManifest = { ...fields, checksum: await fileChecksum(join(dir, fields.executable)) };
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
