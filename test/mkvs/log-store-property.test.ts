// Random histories: versions of random inserts and removes (keys that are prefixes of others,
// empty values, empty logs), appended without waiting, snapshots and reopens at random points;
// every reopen restores exactly the reference tree's root, and the last one every entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { StateLogStore } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';
import { Chain, contentOf, entriesOf, storeDir, TreeTarget } from '../helpers/state-log.js';

/** Keys over a three-letter alphabet, so some are prefixes of others. */
function keyPool(r: Rng, n: number): Uint8Array[] {
  const seen = new Map<string, Uint8Array>();
  while (seen.size < n) {
    const k = Uint8Array.from({ length: 1 + r.int(12) }, () => r.pick([0x00, 0x61, 0xff]));
    seen.set(toHex(k), k);
  }
  return [...seen.values()];
}

async function reopenAndCheck(path: string, version: bigint, root: Uint8Array, chain: Chain) {
  const store = await StateLogStore.open(path);
  assert.equal(store.latestVersion(), version);
  const into = new TreeTarget();
  const reached = await store.restore(into);
  assert.equal(reached?.version, version);
  assert.equal(toHex(reached!.root), toHex(root), `root at version ${version}`);
  assert.equal(toHex(into.rootHash()), toHex(root));
  return { store, into, chain };
}

for (const seed of [7, 8]) {
  test(`state log property (seed ${seed}): 200 random versions, snapshots, reopens → the reference root`, async () => {
    const r = new Rng(seed);
    const path = storeDir();
    const chain = new Chain();
    const pool = keyPool(r, 120);
    let store = await StateLogStore.open(path);
    let snapshots = 0;
    let reopens = 0;
    let last: { version: bigint; root: Uint8Array } | undefined;
    // A snapshot still being written while later versions are appended.
    let writing: Promise<void> | undefined;
    for (let i = 0; i < 200; i++) {
      const changes: [Uint8Array, Uint8Array | null][] = [];
      for (let n = r.int(14); n > 0; n--) {
        const k = r.pick(pool);
        changes.push([k, r.chance(300) ? null : r.bytes(r.int(60))]);
      }
      const s = await chain.step(changes);
      const durable = store.append(s.version, s.root, s.log);
      if (r.chance(300)) await durable;
      last = s;
      if (writing && r.chance(300)) {
        await writing;
        writing = undefined;
      }
      if (r.chance(70)) {
        await writing;
        writing = store.snapshot(s.version, s.root, await entriesOf(chain.tree));
        snapshots++;
      }
      if (r.chance(90)) {
        // Half the time the close itself waits for the snapshot under way.
        if (r.chance(500)) await writing;
        writing = undefined;
        await store.close();
        reopens++;
        ({ store } = await reopenAndCheck(path, s.version, s.root, chain));
      }
    }
    await writing;
    await store.close();
    const end = await reopenAndCheck(path, last!.version, last!.root, chain);
    assert.deepEqual(await contentOf(end.into.tree), await contentOf(chain.tree), 'every entry');
    await end.store.close();
    assert.ok(snapshots >= 5 && reopens >= 5, `exercised: ${snapshots} snapshots, ${reopens} reopens`);
  });
}
