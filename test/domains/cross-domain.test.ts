import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TandemError } from '../../src/common/index.js';
import {
  DomainsError,
  encodePinned,
  Pinned,
  pinnedCommit,
  pinnedEvidence,
  pinnedStake,
  pinnedUedRemaps,
} from '../../src/domains/index.js';

const code = (c: number) => (e: unknown) =>
  TandemError.is(e, DomainsError.MODULE) && (e as TandemError).code === c;

test('pinned records round-trip', () => {
  const entries = [{ account: new Uint8Array(21).fill(1), balance: 5n }];
  assert.deepEqual(
    pinnedStake({ [Pinned.stake]: encodePinned.stake({ epoch: 3n, entries }) }, 3n).entries,
    entries,
  );
  const moves = [{ address: new Uint8Array(21).fill(2), to: 'ved' as const }];
  assert.deepEqual(
    pinnedUedRemaps({ [Pinned.uedRemaps]: encodePinned.remaps({ epoch: 4n, moves }) }, 4n),
    moves,
  );
  const votes = [{ validator: new Uint8Array(32).fill(3), ued: { height: 1n, hash: new Uint8Array(32) } }];
  assert.deepEqual(pinnedCommit({ [Pinned.commit]: encodePinned.commit(votes) }), votes);
  const ev = [{ validator: new Uint8Array(32).fill(4), height: 9n }];
  assert.deepEqual(pinnedEvidence({ [Pinned.evidence]: encodePinned.evidence(ev) }), ev);
  assert.deepEqual(pinnedCommit(undefined), []);
  assert.deepEqual(pinnedEvidence({}), []);
});

test('a missing, malformed, oversized or mislabelled pinned record is a coded error', () => {
  assert.throws(() => pinnedStake({}, 1n), code(DomainsError.MISSING_PINNED));
  const wrongEpoch = { [Pinned.stake]: encodePinned.stake({ epoch: 2n, entries: [] }) };
  assert.throws(() => pinnedStake(wrongEpoch, 1n), code(DomainsError.INVALID_PINNED));
  const remaps = { [Pinned.uedRemaps]: encodePinned.remaps({ epoch: 2n, moves: [] }) };
  assert.throws(() => pinnedUedRemaps(remaps, 3n), code(DomainsError.INVALID_PINNED));
  for (const b of [Uint8Array.of(0xff), Uint8Array.of(0xa1, 0x61, 0x78, 0x01), new Uint8Array(1 << 23)]) {
    assert.throws(() => pinnedStake({ [Pinned.stake]: b }, 1n), code(DomainsError.INVALID_PINNED));
    assert.throws(() => pinnedCommit({ [Pinned.commit]: b }), code(DomainsError.INVALID_PINNED));
    assert.throws(() => pinnedEvidence({ [Pinned.evidence]: b }), code(DomainsError.INVALID_PINNED));
  }
  const shortKey = encodePinned.evidence([{ validator: new Uint8Array(32), height: 1n }]).slice(0, -1);
  assert.throws(() => pinnedEvidence({ [Pinned.evidence]: shortKey }), code(DomainsError.INVALID_PINNED));
});
