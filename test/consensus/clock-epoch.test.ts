// The clock rule (APE-27) and the fixed-interval epoch schedule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConsensusError, checkBlockTime, nextBlockTime } from '../../src/consensus/index.js';
import { FixedEpochSchedule } from '../../src/services/epochtime/index.js';

test('APE-27: time never goes back and moves at most 1000 ms; the default step is 400 ms', () => {
  const bad = (e: unknown) => ConsensusError.is(e, 'consensus', ConsensusError.INVALID_BLOCK_TIME);
  checkBlockTime(1000n, 1000n);
  checkBlockTime(1000n, 2000n);
  assert.throws(() => checkBlockTime(1000n, 999n), bad);
  assert.throws(() => checkBlockTime(1000n, 2001n), bad);
  assert.equal(nextBlockTime(1000n), 1400n);
  checkBlockTime(1000n, nextBlockTime(1000n));
});

test('epochs of a fixed number of blocks; first block of an epoch', () => {
  const e = new FixedEpochSchedule(5n);
  assert.deepEqual(
    [0n, 1n, 4n, 5n, 9n, 10n].map((h) => e.epochOf(h)),
    [0n, 0n, 0n, 1n, 1n, 2n],
  );
  assert.deepEqual(
    [1n, 2n, 4n, 5n, 6n, 10n].map((h) => e.isEpochStart(h)),
    [true, false, false, true, false, true],
  );
  assert.equal(e.isEpochStart(0n), false);
  assert.equal(e.firstHeight(0n), 1n);
  assert.equal(e.firstHeight(3n), 15n);
  const one = new FixedEpochSchedule(1n);
  assert.deepEqual(
    [1n, 2n, 3n].map((h) => one.isEpochStart(h)),
    [true, true, true],
  );
  assert.throws(
    () => new FixedEpochSchedule(0n),
    (x) => ConsensusError.is(x, 'consensus'),
  );
});
