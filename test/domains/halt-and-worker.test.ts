// The halt persists across restarts until cleared (APE-18). (The UED worker is tested in
// ued-worker-runner.test.ts.)
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DomainsError, FileHaltStore } from '../../src/domains/index.js';

test('APE-18 the halt flag and its evidence survive a restart until cleared; damage keeps it halted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-halt-'));
  const path = join(dir, 'halt.json');
  const ev = { height: 9, localHash: 'aa', disagreeingStake: 40n, totalStake: 100n, reports: [] };
  new FileHaltStore(path).save(ev);
  assert.deepEqual(new FileHaltStore(path).load(), ev, 'a new store (a restarted node) sees the halt');
  new FileHaltStore(path).clear();
  assert.equal(new FileHaltStore(path).load(), undefined);
  writeFileSync(path, '{broken');
  assert.throws(
    () => new FileHaltStore(path).load(),
    (e: unknown) => e instanceof DomainsError && e.code === DomainsError.HALT_FILE,
  );
});
