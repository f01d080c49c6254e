// Runtime bundles: a good bundle loads; malformed, tampered, escaping or oversized ones are refused
// with a coded SandboxError that says why (RT-2 bundles, RT-3 id flags).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  loadBundle,
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  SandboxError,
  verifyBundle,
  writeBundleManifest,
} from '../../../src/runtime/host/index.js';
import { makeBundle, manifestFields, tempDir } from './helpers.js';

const SCRIPT = '#!/bin/sh\necho hi\n';

function editManifest(dir: string, edit: (m: Record<string, unknown>) => void): void {
  const path = join(dir, MANIFEST_FILE);
  const m = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(m);
  writeFileSync(path, JSON.stringify(m));
}

async function rejects(dir: string, code: number, pattern: RegExp): Promise<void> {
  await assert.rejects(loadBundle(dir), (e: unknown) => {
    assert.ok(SandboxError.is(e, 'sandbox', code), `expected sandbox/${code}, got ${String(e)}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

test('RT-2 bundle: a good bundle loads with its manifest, absolute paths and verified checksum', async () => {
  const { dir, manifest } = await makeBundle(SCRIPT, { readOnlyPaths: ['/usr/share'], tandemSdk: true });
  const b = await loadBundle(dir);
  assert.equal(b.dir, dir);
  assert.equal(b.executable, join(dir, 'runtime'));
  assert.deepEqual(b.manifest, manifest);
  assert.match(manifest.checksum, /^[0-9a-f]{64}$/);
  await verifyBundle(b);
});

test('RT-2 bundle: the executable may live in a subdirectory', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'rt'), SCRIPT, { mode: 0o755 });
  await writeBundleManifest(dir, manifestFields({ executable: 'bin/rt' }));
  assert.equal((await loadBundle(dir)).executable, join(dir, 'bin', 'rt'));
});

test('RT-2 bundle: a wrong checksum is refused, at load and when re-verified before a start', async () => {
  const { dir } = await makeBundle(SCRIPT);
  const b = await loadBundle(dir);
  writeFileSync(join(dir, 'runtime'), '#!/bin/sh\necho tampered\n');
  await assert.rejects(verifyBundle(b), (e: unknown) =>
    SandboxError.is(e, 'sandbox', SandboxError.CHECKSUM_MISMATCH),
  );
  await rejects(dir, SandboxError.CHECKSUM_MISMATCH, /checksum mismatch/);
});

test('RT-2 bundle: missing manifest, missing fields, unknown fields and bad values are refused', async () => {
  await rejects(tempDir(), SandboxError.MANIFEST_MISSING, /manifest\.json/);
  await rejects(join(tempDir(), 'nope'), SandboxError.MANIFEST_MISSING, /bundle directory/);
  const cases: Array<[(m: Record<string, unknown>) => void, RegExp]> = [
    [(m) => delete m.name, /name/],
    [(m) => delete m.checksum, /checksum/],
    [(m) => delete m.version, /version/],
    [(m) => (m.extra = 1), /extra|unrecognized/i],
    [(m) => (m.version = { major: 70000, minor: 0, patch: 0 }), /version\.major/],
    [(m) => (m.version = { major: 1, minor: -1, patch: 0 }), /version\.minor/],
    [(m) => (m.version = { major: 1, minor: 0, patch: 1.5 }), /version\.patch/],
    [(m) => (m.id = 'AB'.repeat(32)), /id: must be 64 lowercase hex/],
    [(m) => (m.id = 'ab'), /id/],
    [(m) => (m.checksum = 'zz'), /checksum/],
    [(m) => (m.readOnlyPaths = 'x'), /readOnlyPaths/],
    [(m) => (m.readOnlyPaths = ['rel/x']), /readOnlyPaths\.0: must be an absolute path/],
    [(m) => (m.tandemSdk = 'yes'), /tandemSdk/],
  ];
  for (const [edit, pattern] of cases) {
    const { dir } = await makeBundle(SCRIPT);
    editManifest(dir, edit);
    await rejects(dir, SandboxError.MANIFEST_INVALID, pattern);
  }
  const { dir } = await makeBundle(SCRIPT);
  writeFileSync(join(dir, MANIFEST_FILE), '{not json');
  await rejects(dir, SandboxError.MANIFEST_INVALID, /not JSON/);
});

test('RT-2 bundle: executable paths that leave the bundle are refused', async () => {
  for (const p of ['../runtime', '/bin/sh', 'a/../../runtime', './runtime', 'a//b', 'a\\..\\b']) {
    const { dir } = await makeBundle(SCRIPT);
    editManifest(dir, (m) => (m.executable = p));
    await rejects(dir, SandboxError.PATH_ESCAPES, /inside the bundle/);
  }
  const outside = tempDir();
  writeFileSync(join(outside, 'evil'), SCRIPT, { mode: 0o755 });
  const { dir } = await makeBundle(SCRIPT);
  symlinkSync(join(outside, 'evil'), join(dir, 'link'));
  editManifest(dir, (m) => (m.executable = 'link'));
  await rejects(dir, SandboxError.PATH_ESCAPES, /resolves outside the bundle/);
});

test('RT-3 bundle: only flag bits 63 (test) and 62 (key manager) may be set in the id', async () => {
  const tail = 'ab'.repeat(24);
  for (const flags of ['c000000000000000', '8000000000000000', '4000000000000000']) {
    const { dir } = await makeBundle(SCRIPT, { id: flags + tail });
    assert.equal((await loadBundle(dir)).manifest.id, flags + tail);
  }
  for (const flags of ['2000000000000000', '0100000000000000', '0000000000000001', 'ff00000000000000']) {
    const { dir } = await makeBundle(SCRIPT, { id: flags + tail });
    await rejects(dir, SandboxError.BAD_RUNTIME_ID, /flag bits other than 63 and 62/);
  }
});

test('RT-2 bundle: an oversized manifest is refused before it is parsed', async () => {
  const { dir } = await makeBundle(SCRIPT);
  editManifest(dir, (m) => (m.name = 'x'.repeat(MAX_MANIFEST_BYTES)));
  await rejects(dir, SandboxError.MANIFEST_TOO_LARGE, /max 65536/);
});

test('RT-2 bundle: a missing, non-regular or non-executable executable is refused', async () => {
  const { dir } = await makeBundle(SCRIPT);
  chmodSync(join(dir, 'runtime'), 0o644);
  await rejects(dir, SandboxError.EXECUTABLE, /not executable/);
  const b = await makeBundle(SCRIPT);
  editManifest(b.dir, (m) => (m.executable = 'missing'));
  await rejects(b.dir, SandboxError.EXECUTABLE, /not found/);
  const c = await makeBundle(SCRIPT);
  mkdirSync(join(c.dir, 'sub'));
  editManifest(c.dir, (m) => (m.executable = 'sub'));
  await rejects(c.dir, SandboxError.EXECUTABLE, /not a regular file/);
});
