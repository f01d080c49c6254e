// Scheduler ranks (spec/oasis.md §3.4, RT-16): rank = (round + i) mod n over the workers only,
// and its inverse, for every round modulo n.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import {
  type Committee,
  CommitteeKind,
  Role,
  SchedulerError,
  schedulerAt,
  schedulerRank,
  workers,
} from '../../../src/services/scheduler/index.js';
import { id32, runtimeId } from './fixtures.js';

function committee(nWorkers: number, nBackups: number, shared = 0): Committee {
  const w = Array.from({ length: nWorkers }, (_, i) => ({ role: Role.worker, public_key: id32('w', i) }));
  const b = Array.from({ length: nBackups }, (_, i) => ({
    role: Role.backupWorker,
    public_key: i < shared ? id32('w', i) : id32('b', i),
  }));
  return { kind: CommitteeKind.executor, members: [...w, ...b], runtime_id: runtimeId(1), valid_for: 3n };
}

test('RT-16: rank(i, round) = (round + i) mod n; schedulerAt inverts it for every round mod n', () => {
  for (const n of [1, 2, 3, 5, 8]) {
    const c = committee(n, 2);
    const ws = workers(c);
    for (let r = 0n; r < BigInt(2 * n + 1); r++) {
      const ranks = ws.map((w) => schedulerRank(c, w, r)!);
      ws.forEach((_, i) => {
        assert.equal(ranks[i], (r + BigInt(i)) % BigInt(n));
      });
      assert.equal(new Set(ranks).size, n, 'ranks are a permutation');
      for (let k = 0n; k < BigInt(n); k++) {
        const w = schedulerAt(c, k, r)!;
        assert.equal(schedulerRank(c, w, r), k);
        const idx = Number((k + BigInt(n) - (r % BigInt(n))) % BigInt(n));
        assert.equal(toHex(w), toHex(ws[idx]!));
      }
    }
  }
});

test('RT-16: the primary (rank 0) rotates through all workers round by round', () => {
  const c = committee(4, 3);
  const primaries = [0n, 1n, 2n, 3n].map((r) => toHex(schedulerAt(c, 0n, r)!));
  assert.equal(new Set(primaries).size, 4);
  assert.deepEqual(schedulerAt(c, 0n, 2n ** 64n - 1n), schedulerAt(c, 0n, (2n ** 64n - 1n) % 4n));
});

test('RT-16: only workers have ranks; a node both worker and backup ranks by its worker index', () => {
  const c = committee(3, 3, 1);
  assert.equal(schedulerRank(c, id32('b', 1), 0n), null);
  assert.equal(schedulerRank(c, id32('nobody', 0), 0n), null);
  assert.equal(schedulerRank(c, id32('w', 0), 5n), 2n);
  assert.equal(schedulerAt(c, 3n, 0n), null);
  assert.equal(schedulerAt(c, -1n, 0n), null);
  const code = (e: unknown) => SchedulerError.is(e, 'scheduler', SchedulerError.INVALID_ARGUMENT);
  assert.throws(() => schedulerRank(c, id32('w', 0), -1n), code);
  assert.throws(() => schedulerAt(c, 0n, 2n ** 64n), code);
});
