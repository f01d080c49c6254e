// `tandem debug vrf prove|verify` as an independent checker would run them (RFC 9381 vectors).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromHex, toHex } from '../../src/common/index.js';
import { runCli } from '../helpers/cli.js';
import { readVectors } from '../helpers/paths.js';

interface Vector {
  sk: string;
  pk: string;
  alpha: string;
  pi: string;
  beta: string;
}
const vectors = readVectors<{ vectors: Vector[] }>('ecvrf-edwards25519-sha512-ell2.json').vectors;
const v0 = vectors[0]!;

test('debug vrf prove prints the vector proof, then its output', () => {
  for (const v of vectors) {
    const r = runCli(['debug', 'vrf', 'prove', '--secret-key', v.sk, '--alpha', v.alpha]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [v.pi, v.beta]);
  }
});

test('debug vrf verify prints the vector output', () => {
  for (const v of vectors) {
    const r = runCli(['debug', 'vrf', 'verify', '--public-key', v.pk, '--alpha', v.alpha, '--proof', v.pi]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), v.beta);
  }
});

test('debug vrf verify: a flipped proof bit exits non-zero with the reason on stderr', () => {
  const pi = fromHex(v0.pi);
  pi[40]! ^= 0x01; // inside c: the proof stays well-formed but the challenge no longer matches
  const r = runCli([
    'debug',
    'vrf',
    'verify',
    '--public-key',
    v0.pk,
    '--alpha',
    v0.alpha,
    '--proof',
    toHex(pi),
  ]);
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /proof does not verify .*\[common\/22\]/);
});

test('debug vrf verify: a small-order key is refused with its reason', () => {
  const identity = `01${'00'.repeat(31)}`;
  const small = runCli(['debug', 'vrf', 'verify', '--public-key', identity, '--alpha', '', '--proof', v0.pi]);
  assert.notEqual(small.status, 0);
  assert.match(small.stderr, /small order \[common\/20\]/);
});

test('debug vrf: bad hex is refused naming the option', () => {
  const badKey = runCli(['debug', 'vrf', 'prove', '--secret-key', 'zz', '--alpha', '']);
  assert.notEqual(badKey.status, 0);
  assert.match(badKey.stderr, /--secret-key: hex: invalid digits or odd length \[cli\/2\]/);
});
