import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

test('localnet: 4 validators decide blocks on disk, and a second start resumes the same chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-localnet-'));
  try {
    const a = runCli(['localnet', '--dir', dir, '--blocks', '5'], { timeoutMs: 60_000 });
    assert.equal(a.status, 0, a.stderr);
    const heights = [...a.stdout.matchAll(/^height (\d+) committed/gm)].map((m) => Number(m[1]));
    assert.deepEqual(heights.slice(0, 5), [1, 2, 3, 4, 5]);
    const chain = /^localnet (\S+):/m.exec(a.stdout)?.[1];
    const genesis = readFileSync(join(dir, 'genesis.json'), 'utf8');
    assert.equal(JSON.parse(genesis).validators.length, 4);

    const b = runCli(['localnet', '--dir', dir, '--blocks', '8'], { timeoutMs: 60_000 });
    assert.equal(b.status, 0, b.stderr);
    assert.equal(/^localnet (\S+):/m.exec(b.stdout)?.[1], chain, 'same chain id');
    assert.equal(readFileSync(join(dir, 'genesis.json'), 'utf8'), genesis, 'genesis kept');
    const again = [...b.stdout.matchAll(/^height (\d+) committed/gm)].map((m) => Number(m[1]));
    assert.ok(again.includes(8), b.stdout);
    assert.ok(
      Math.max(...again) >= 8 && again.filter((h) => h > 5).length >= 3,
      'new heights after the stored ones',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('localnet: bad arguments are refused with a coded error', () => {
  const r = runCli(['localnet', '--validators', 'many', '--blocks', '1']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /\[cli\/2\]/);
});
