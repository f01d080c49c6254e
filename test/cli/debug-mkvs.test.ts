// `tandem debug mkvs root|proof|verify` as an independent checker would run them.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex, utf8 } from '../../src/common/index.js';
import { runCli } from '../helpers/cli.js';
import { readVectors } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-debug-mkvs-'));
function opsFile(name: string, ops: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(ops));
  return p;
}
const last = (s: string) => s.trim().split('\n').pop()!;

test('debug mkvs root prints the vector roots', () => {
  const cases = readVectors<{ name: string; ops: unknown[]; expected_root_hex: string }[]>('mkvs-roots.json');
  for (const c of cases.slice(0, 4)) {
    const r = runCli([
      'debug',
      'mkvs',
      'root',
      '--ops',
      opsFile(`${c.name.replace(/\W/g, '_')}.json`, c.ops),
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(last(r.stdout), c.expected_root_hex, c.name);
  }
});

test('debug mkvs proof reproduces the vector proofs; verify prints the value, absent, or fails', () => {
  const ops = Array.from({ length: 11 }, (_, i) => ({
    op: 'insert',
    key_hex: toHex(utf8(`key ${i}`)),
    value_hex: toHex(utf8(`value ${i}`)),
  }));
  const file = opsFile('eleven.json', ops);
  const cases = readVectors<{
    sync_get_proofs: {
      cases: {
        tree: string;
        root_hex: string;
        proof_version: number;
        key_utf8: string;
        proof_cbor_base64: string;
      }[];
    };
  }>('oasis-formats.json').sync_get_proofs.cases.filter((c) => c.tree.includes('11'));
  assert.ok(cases.length > 0);
  for (const c of cases) {
    const r = runCli([
      'debug',
      'mkvs',
      'proof',
      '--ops',
      file,
      '--key',
      toHex(utf8(c.key_utf8)),
      '--proof-version',
      String(c.proof_version),
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(last(r.stdout), c.proof_cbor_base64);
    const v = runCli([
      'debug',
      'mkvs',
      'verify',
      '--root',
      c.root_hex,
      '--key',
      toHex(utf8(c.key_utf8)),
      '--proof',
      c.proof_cbor_base64,
    ]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(last(v.stdout), toHex(utf8(`value ${c.key_utf8.slice(4)}`)));
  }
  const root = last(runCli(['debug', 'mkvs', 'root', '--ops', file]).stdout);
  const absentKey = toHex(utf8('key 99'));
  const proof = last(runCli(['debug', 'mkvs', 'proof', '--ops', file, '--key', absentKey]).stdout);
  assert.equal(
    last(runCli(['debug', 'mkvs', 'verify', '--root', root, '--key', absentKey, '--proof', proof]).stdout),
    'absent',
  );
  const wrong = runCli([
    'debug',
    'mkvs',
    'verify',
    '--root',
    '00'.repeat(32),
    '--key',
    absentKey,
    '--proof',
    proof,
  ]);
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /different root/);
  const garbage = runCli(['debug', 'mkvs', 'verify', '--root', root, '--key', absentKey, '--proof', 'AAAA']);
  assert.notEqual(garbage.status, 0);
  const badOps = runCli([
    'debug',
    'mkvs',
    'root',
    '--ops',
    opsFile('bad.json', [{ op: 'insert', key_hex: 'zz' }]),
  ]);
  assert.notEqual(badOps.status, 0);
  assert.match(badOps.stderr, /invalid input/);
});
