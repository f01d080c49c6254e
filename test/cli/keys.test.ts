// `tandem --help`, `--version`, `keys generate`, `keys show` and `keys address` as a user runs them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';

test('tandem --help lists the commands; --version prints the package version', () => {
  const h = runCli(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /Usage: tandem/);
  assert.match(h.stdout, /\bkeys\b/);
  const v = runCli(['--version']);
  assert.equal(v.status, 0);
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.equal(v.stdout.trim(), pkg.version);
});

test('keys generate writes a key set; keys show prints the same public keys and address', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'tandem-cli-')), 'k');
  const g = runCli(['keys', 'generate', '--dir', dir, '--json']);
  assert.equal(g.status, 0, g.stderr);
  const gen = JSON.parse(g.stdout) as Record<string, string>;
  const s = runCli(['keys', 'show', '--dir', dir, '--json']);
  assert.equal(s.status, 0, s.stderr);
  assert.deepEqual(JSON.parse(s.stdout), gen);
  for (const k of ['identity', 'consensus', 'p2p', 'vrf']) assert.match(gen[k]!, /^[0-9a-f]{64}$/);
  assert.match(gen.address!, /^tandem1[02-9ac-hj-np-z]+$/);
  const one = runCli(['keys', 'address', '--key', join(dir, 'identity.pem')]);
  assert.equal(one.stdout.trim(), gen.address, 'keys address prints the identity key file address');
  const human = runCli(['keys', 'show', '--dir', dir]);
  assert.match(human.stdout, /^identity\s+[0-9a-f]{64}$/m);
  // No private material on stdout: the seed is in the file, never printed.
  const pem = readFileSync(join(dir, 'identity.pem'), 'utf8').split('\n')[1]!;
  assert.ok(!g.stdout.includes(pem) && !s.stdout.includes(pem));
});

test('keys show on a missing directory fails with a coded error and no stack trace', () => {
  const r = runCli(['keys', 'show', '--dir', '/nonexistent/tandem']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /key file missing.*\[common\/6\]/);
  assert.ok(!r.stderr.includes('    at '));
});
