/**
 * Issue 5 acceptance at full length: 10,000 seeded random blocks (valid and invalid transactions
 * of every program, evidence, 2,500 epoch boundaries) executed by two independent instances, with
 * equal VED and UED hashes at every height. NOTE: this takes about a minute on a loaded two-core
 * machine (over the usual 20 s per file), so it runs in a child process with its own time budget;
 * test/domains/determinism.test.ts runs a short in-process version.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('issue 5: two instances agree on VED and UED hashes over 10,000 random blocks (child process)', () => {
  const script = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'determinism-run.js');
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync(process.execPath, [script, '23', '10000', '4'], {
    env,
    encoding: 'utf8',
    timeout: 600_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { heights: number; mismatch: string | null; okReceipts: number };
  assert.equal(out.mismatch, null);
  assert.equal(out.heights, 10_000);
  assert.ok(out.okReceipts > 2000, `ok receipts ${out.okReceipts}`);
});
