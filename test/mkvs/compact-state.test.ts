// CompactState: a resident tree over its LevelDB state log. Commits survive a reopen (restored from
// snapshot + logs with the same root as a node-database Tree), the snapshot policy fires when the
// logged entries reach the live keys, adopt takes a prebuilt tree, and misuse is refused.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { CompactState, CompactTree, MkvsError, Tree } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const NS = new Uint8Array(32).fill(5);
const dir = () => mkdtempSync(join(tmpdir(), 'tandem-compact-state-'));

function key(r: Rng): Uint8Array {
  return Uint8Array.from({ length: 1 + r.int(6) }, () => r.int(4) * 60);
}

test('CompactState: commits are restored after reopen, through snapshots the policy takes', async () => {
  const path = dir();
  const r = new Rng(7);
  const ref = new Tree();
  let st = await CompactState.open(path, { namespace: NS, minSnapshotEntries: 20, snapshotRatio: 0.2 });
  assert.equal(st.restored, undefined);
  let root: Uint8Array = new Uint8Array(0);
  let snapshots = 0;
  for (let v = 0n; v < 40n; v++) {
    for (let i = 0; i < 12; i++) {
      const k = key(r);
      if (r.int(5) === 0) {
        await ref.remove(k);
        await st.tree.remove(k);
      } else {
        const val = Uint8Array.of(r.int(256), Number(v));
        await ref.insert(k, val);
        st.tree.insertNow(k, val);
      }
    }
    root = await st.tree.commit(NS, v);
    assert.equal(toHex(root), toHex(await ref.commit(NS, v)));
    if (v === 17n || v === 33n) {
      snapshots += st.snapshots;
      await st.close();
      st = await CompactState.open(path, { namespace: NS, minSnapshotEntries: 20, snapshotRatio: 0.2 });
      assert.equal(st.restored?.version, v);
      assert.equal(toHex(st.tree.rootHash()), toHex(root));
      assert.equal(st.tree.pendingWriteLog().length, 0, 'replayed logs are not pending changes');
    }
  }
  snapshots += st.snapshots;
  assert.ok(snapshots >= 3, `the policy took snapshots (${snapshots})`);
  await st.close();
  const again = await CompactState.open(path, { namespace: NS });
  assert.equal(again.restored?.version, 39n);
  assert.equal(toHex(again.restored!.root), toHex(root));
  const it = ref.iterator();
  let n = 0;
  for (await it.seek(new Uint8Array(0)); it.valid; await it.next()) {
    assert.equal(toHex(again.tree.getNow(it.key!)!), toHex(it.value!));
    n++;
  }
  assert.equal(again.tree.size, n);
  await again.close();
});

test('CompactState: adopt snapshots a prebuilt tree; later commits append to it', async () => {
  const path = dir();
  const t = new CompactTree();
  for (let i = 0; i < 1000; i++) t.insertNow(Uint8Array.of(i >> 8, i & 0xff), Uint8Array.of(i & 7));
  await t.commit(NS, 0n);
  await t.commit(NS, 0n); // a bulk load may commit one version repeatedly before a store exists
  const st = await CompactState.adopt(path, t, { namespace: NS });
  t.insertNow(Uint8Array.of(9, 9, 9), Uint8Array.of(1));
  const root = await t.commit(NS, 1n);
  await st.close();
  const back = await CompactState.open(path, { namespace: NS });
  assert.equal(back.restored?.version, 1n);
  assert.equal(toHex(back.restored!.root), toHex(root));
  assert.equal(back.tree.size, 1001);
  // Adopting into a state that is not empty is refused.
  const other = new CompactTree();
  other.insertNow(Uint8Array.of(1), Uint8Array.of(1));
  await other.commit(NS, 0n);
  await back.close();
  await assert.rejects(CompactState.adopt(path, other, { namespace: NS }), (e: unknown) => {
    return e instanceof MkvsError && e.code === MkvsError.VERSION_ORDER;
  });
});

test('CompactState: refuses a bad policy, an uncommitted tree, another namespace and old versions', async () => {
  await assert.rejects(CompactState.open(dir(), { snapshotRatio: 0 }), MkvsError);
  await assert.rejects(CompactState.adopt(dir(), new CompactTree()), MkvsError);
  const path = dir();
  const st = await CompactState.open(path, { namespace: NS });
  st.tree.insertNow(Uint8Array.of(1), Uint8Array.of(2));
  const root = await st.tree.commit(NS, 3n);
  await assert.rejects(st.tree.commit(new Uint8Array(32).fill(6), 4n), (e: unknown) => {
    return e instanceof MkvsError && e.code === MkvsError.NAMESPACE_MISMATCH;
  });
  await assert.rejects(st.tree.commit(NS, 3n), MkvsError); // the log needs a higher version
  assert.equal(toHex(st.tree.rootHash()), toHex(root));
  await st.close();
  await assert.rejects(CompactState.open(path, { namespace: new Uint8Array(32).fill(6) }), (e: unknown) => {
    return e instanceof MkvsError && e.code === MkvsError.NAMESPACE_MISMATCH;
  });
});
