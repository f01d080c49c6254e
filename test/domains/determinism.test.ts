/**
 * Issue 5 acceptance: two independent instances of the composed chain execute the same seeded
 * random blocks (valid and invalid transactions of every program, evidence, many epoch
 * boundaries) and agree on the VED and UED hash of every height. The in-process run is short; the
 * 10,000-block run executes in a child process (scripts in test/fixtures), since it takes minutes
 * on a loaded two-core machine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDeterminism } from '../fixtures/determinism-run.js';

test('issue 5: two instances agree on VED and UED hashes over 400 random blocks (every program, epoch interval 4)', async () => {
  const r = await runDeterminism({ seed: 11, blocks: 400, epochInterval: 4n });
  assert.equal(r.mismatch, null);
  assert.equal(r.heights, 400);
  assert.ok(
    r.okReceipts > 50 && r.failedReceipts > 10,
    `receipts ok ${r.okReceipts} failed ${r.failedReceipts}`,
  );
});
