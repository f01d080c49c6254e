#!/usr/bin/env node
// Builds the py-counter runtime bundle (examples/runtimes/py-counter).
//   node scripts/build-py-bundle.js            pin the modules' hashes in runtime.py, write manifest.json
//   node scripts/build-py-bundle.js --out DIR  copy the bundle into DIR and write its manifest there
//                                              (fails if runtime.py's pinned hashes are stale)
// The manifest's checksum covers runtime.py only; runtime.py in turn refuses modules whose
// SHA-512/256 differs from the pinned value, so the checksum covers the whole runtime.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBundleManifest } from '../dist/src/runtime/host/index.js';

const PYTHON = '/usr/bin/python3';
const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'runtimes', 'py-counter');
const MODULES = ['tcbor', 'mkvs', 'proof', 'rhp', 'counter'];
/** Runtime id: test flag (bit 63) set, then "py-counter" in the low bytes. */
const ID = `80${'00'.repeat(21)}${Buffer.from('py-counter').toString('hex')}`;

const sha = (p) => createHash('sha512-256').update(readFileSync(p)).digest('hex');

/** runtime.py with its MODULES block set to the current hashes. */
function pinned(text) {
  const lines = MODULES.map((m) => `    '${m}': '${sha(join(SRC, `${m}.py`))}',`);
  const block = `# BEGIN MODULES (generated)\nMODULES = {\n${lines.join('\n')}\n}\n# END MODULES`;
  return text.replace(/# BEGIN MODULES \(generated\)[\s\S]*?# END MODULES/, block);
}

function runtimeVersion(text) {
  const m = /^RUNTIME_VERSION = \{'major': (\d+), 'minor': (\d+), 'patch': (\d+)\}$/m.exec(text);
  if (!m) throw new Error('RUNTIME_VERSION not found in runtime.py');
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** What python3 needs in the sandbox: its standard library and hashlib's OpenSSL module. */
function pythonPaths() {
  const code =
    'import json,sysconfig,_hashlib;print(json.dumps([sysconfig.get_paths()["stdlib"],_hashlib.__file__]))';
  return JSON.parse(execFileSync(PYTHON, ['-c', code]).toString());
}

async function main(argv) {
  const i = argv.indexOf('--out');
  const out = i >= 0 ? argv[i + 1] : SRC;
  if (out === undefined) throw new Error('--out needs a directory');
  const text = readFileSync(join(SRC, 'runtime.py'), 'utf8');
  if (out === SRC) writeFileSync(join(SRC, 'runtime.py'), pinned(text));
  else {
    if (pinned(text) !== text)
      throw new Error('runtime.py pins stale module hashes: run without --out first');
    mkdirSync(out, { recursive: true });
    for (const f of ['runtime.py', ...MODULES.map((m) => `${m}.py`)])
      copyFileSync(join(SRC, f), join(out, f));
  }
  const m = await writeBundleManifest(out, {
    id: ID,
    name: 'py-counter',
    version: runtimeVersion(text),
    executable: 'runtime.py',
    interpreter: PYTHON,
    readOnlyPaths: pythonPaths(),
  });
  console.log(`${join(out, 'manifest.json')}: checksum ${m.checksum}`);
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
