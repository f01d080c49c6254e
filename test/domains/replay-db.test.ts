/**
 * The UED database while heights are executed again after a restart (replay-db.ts): commits up to
 * the stored latest version are checks (same root: nothing written; another root: a coded error,
 * this node's UED is not deterministic); later versions are written as usual.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainsError } from '../../src/domains/index.js';
import { replayingNodeDB } from '../../src/domains/replay-db.js';
import { MemoryNodeDB, Tree } from '../../src/mkvs/index.js';

const ns = new Uint8Array(32).fill(1);
const k = (i: number) => Uint8Array.of(i);

async function build(db: MemoryNodeDB | Awaited<ReturnType<typeof replayingNodeDB>>, upTo: number, salt = 0) {
  const t = new Tree({ db });
  const roots: Uint8Array[] = [];
  for (let v = 1; v <= upTo; v++) {
    await t.insert(k(v), Uint8Array.of(v + salt));
    roots.push(await t.commit(ns, BigInt(v)));
  }
  return roots;
}

test('issue 7 resume: a UED height executed again must give the stored root; versions beyond are written', async () => {
  const db = new MemoryNodeDB();
  const stored = await build(db, 3);
  assert.equal(await replayingNodeDB(new MemoryNodeDB()).then((d) => d instanceof MemoryNodeDB), true);
  const again = await build(await replayingNodeDB(db), 5);
  assert.deepEqual(again.slice(0, 3), stored, 'the same heights give the same roots, unwritten');
  assert.equal(await db.latestVersion(), 5n, 'heights 4 and 5 were written');
  const other = new MemoryNodeDB();
  await build(other, 2);
  await assert.rejects(
    build(await replayingNodeDB(other), 2, 7),
    (e) => e instanceof DomainsError && e.code === DomainsError.WORKER_FAILED && /height 1/.test(e.message),
  );
  assert.equal(await other.latestVersion(), 2n);
});
