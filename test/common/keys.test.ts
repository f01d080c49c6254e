// Key files: generation, permissions, loading checks.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CommonError,
  describeNodeKeys,
  KEY_NAMES,
  loadKey,
  loadNodeKeys,
  toHex,
  writeNodeKeys,
} from '../../src/common/index.js';

test('a key set is written with mode 0600 in a 0700 directory and loads back identically', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'tandem-keys-')), 'node');
  const keys = writeNodeKeys(dir);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  for (const n of KEY_NAMES) {
    assert.equal(statSync(join(dir, `${n}.pem`)).mode & 0o777, 0o600);
    assert.match(readFileSync(join(dir, `${n}.pem`), 'utf8'), /^-----BEGIN ED25519 PRIVATE KEY-----\n/);
  }
  const loaded = loadNodeKeys(dir);
  for (const n of KEY_NAMES) assert.equal(toHex(loaded[n].publicKey), toHex(keys[n].publicKey));
  const d = describeNodeKeys(loaded);
  assert.match(d.address, /^tandem1/);
  assert.throws(() => writeNodeKeys(dir), CommonError, 'refuses to overwrite');
});

test('loading refuses group-readable files, corrupt PEM and mismatched public keys', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'tandem-keys-')), 'node');
  writeNodeKeys(dir);
  const p = join(dir, 'identity.pem');
  chmodSync(p, 0o640);
  assert.throws(
    () => loadKey(p),
    (e: unknown) => e instanceof CommonError && e.code === CommonError.KEY_FILE,
  );
  chmodSync(p, 0o600);
  const text = readFileSync(p, 'utf8');
  writeFileSync(p, text.replace('PRIVATE KEY', 'PUBLIC KEY'), { mode: 0o600 });
  assert.throws(() => loadKey(p), CommonError);
  // Flip one byte of the stored public key half.
  const raw = Buffer.from(text.split('\n').slice(1, -2).join(''), 'base64');
  raw[40]! ^= 1;
  const lines = raw
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  writeFileSync(p, `-----BEGIN ED25519 PRIVATE KEY-----\n${lines}\n-----END ED25519 PRIVATE KEY-----\n`, {
    mode: 0o600,
  });
  assert.throws(() => loadKey(p), /does not match/);
  assert.throws(() => loadKey(join(dir, 'missing.pem')), CommonError);
});
