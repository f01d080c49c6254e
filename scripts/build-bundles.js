#!/usr/bin/env node
// Writes the manifest.json of each TypeScript example runtime's bundle (run by `npm run build`
// after tsc): id, name and version come from the compiled runtime definition, the checksum from
// the bundle's executable, and `tandemSdk` binds Tandem's package into the sandbox.
import { chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const BUNDLES = [
  { name: 'kv', exportName: 'kvRuntime' },
  { name: 'token', exportName: 'tokenRuntime' },
];
const EXECUTABLE = 'runtime.mjs';

const { writeBundleManifest } = await import(
  pathToFileURL(join(root, 'dist/src/runtime/host/index.js')).href
);
for (const b of BUNDLES) {
  const mod = await import(pathToFileURL(join(root, 'dist/examples/runtimes', b.name, 'runtime.js')).href);
  const def = mod[b.exportName];
  const dir = join(root, 'examples/runtimes', b.name, 'bundle');
  chmodSync(join(dir, EXECUTABLE), 0o755);
  await writeBundleManifest(dir, {
    id: def.id,
    name: def.name,
    version: def.version,
    executable: EXECUTABLE,
    tandemSdk: true,
  });
}
