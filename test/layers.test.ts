// The layering check (DESIGN.md §4) passes on src/ and fails on a tree that breaks it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers/paths.js';

const script = join(repoRoot, 'scripts', 'check-layers.js');

test('layers: the source tree respects the layer order', () => {
  const r = spawnSync(process.execPath, [script, join(repoRoot, 'src')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('layers: upward imports, imports bypassing index.ts and cycles are reported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-layers-'));
  mkdirSync(join(dir, 'common'));
  mkdirSync(join(dir, 'mkvs'));
  writeFileSync(join(dir, 'common', 'index.ts'), "import { x } from '../mkvs/index.js';\n");
  writeFileSync(join(dir, 'mkvs', 'index.ts'), "import { y } from '../common/bytes.js';\n");
  const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /common \(layer 0\) may not import mkvs/);
  assert.match(r.stderr, /other than through its index\.ts/);
  assert.match(r.stderr, /import cycle/);
});
