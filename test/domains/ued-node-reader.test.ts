// The main thread's read-only view of the UED worker's nodes (state-sync checkpoints in async
// mode): a tree opened at a committed root over fetched node encodings reads every value the
// original holds; a missing node is undefined; anything that would write is READ_ONLY.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TandemError } from '../../src/common/index.js';
import { DomainsError, FetchedNodeReader } from '../../src/domains/index.js';
import { encodeNode, MemoryNodeDB, RootType, Tree } from '../../src/mkvs/index.js';

test('a tree over fetched node encodings reads the committed tree; writes are READ_ONLY', async () => {
  const db = new MemoryNodeDB();
  const src = new Tree({ db });
  const keys = Array.from({ length: 200 }, (_, i) => Uint8Array.of(i, i * 7, 3));
  for (const k of keys) await src.insert(k, Uint8Array.of(...k, 9));
  const root = await src.commit(new Uint8Array(32), 5n);
  const fetched: Uint8Array[] = [];
  const reader = new FetchedNodeReader(async (h) => {
    fetched.push(h);
    const n = await db.getNode(h);
    return n === undefined ? null : encodeNode(n, 'full');
  });
  const view = new Tree({ db: reader, rootHash: root });
  for (const k of keys) assert.deepEqual(await view.get(k), Uint8Array.of(...k, 9));
  assert.equal(await view.get(Uint8Array.of(255, 255, 255)), null);
  assert.ok(fetched.length > 0, 'the nodes came through the fetch');
  assert.equal(await reader.getNode(new Uint8Array(32).fill(1)), undefined);
  const root0 = { ns: new Uint8Array(32), version: 5n, root_type: RootType.State, hash: root };
  assert.equal(await reader.hasRoot(root0), true);
  const ro = (e: unknown) => TandemError.is(e, DomainsError.MODULE, DomainsError.READ_ONLY);
  await assert.rejects(reader.commit({} as never), ro);
  await assert.rejects(reader.prune(1n), ro);
});
