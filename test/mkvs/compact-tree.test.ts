// The resident CompactTree against the node-database Tree: seeded random inserts, replacements and
// removals (keys that are prefixes of others, the empty key, long labels), the same root after
// every commit, the same reads, write logs and ordered iteration; plus its own failure paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesKey, compareBytes, EMPTY_HASH, toHex } from '../../src/common/index.js';
import { CompactTree, MkvsError, type StateTree, Tree, type WriteLog } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const NS = new Uint8Array(32).fill(3);
const ALPHABET = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

function randomKey(r: Rng, long: boolean): Uint8Array {
  if (long) return Uint8Array.from({ length: 22 }, () => r.int(256));
  return Uint8Array.from({ length: r.int(5) }, () => r.pick(ALPHABET));
}

function randomValue(r: Rng): Uint8Array {
  // Values past the WebAssembly hasher's limit go through the other hashing path.
  const n = r.int(10) === 0 ? 200 + r.int(300) : r.int(90);
  return Uint8Array.from({ length: n }, () => r.int(256));
}

async function dump(t: StateTree, from: Uint8Array = new Uint8Array(0)): Promise<string[]> {
  const out: string[] = [];
  const it = t.iterator();
  for (await it.seek(from); it.valid; await it.next()) out.push(`${toHex(it.key!)}=${toHex(it.value!)}`);
  return out;
}

function logText(l: WriteLog): string {
  return l.map((e) => `${toHex(e.key)}=${e.value === null ? '-' : toHex(e.value)}`).join(',');
}

test('CompactTree: same roots, reads, write logs and iteration as Tree over random histories', async () => {
  for (let seed = 1; seed <= 60; seed++) {
    const r = new Rng(seed);
    const long = seed % 3 === 0;
    const ref = new Tree();
    const ct = new CompactTree();
    const model = new Map<string, Uint8Array>();
    const universe: Uint8Array[] = [];
    for (let version = 1n; version <= 8n; version++) {
      for (let op = 0; op < 40; op++) {
        const key = universe.length > 0 && r.int(3) === 0 ? r.pick(universe) : randomKey(r, long);
        if (!universe.some((u) => compareBytes(u, key) === 0)) universe.push(key);
        if (r.int(4) === 0) {
          await ref.remove(key);
          await ct.remove(key);
          model.delete(bytesKey(key));
        } else {
          const v = r.int(8) === 0 && model.has(bytesKey(key)) ? model.get(bytesKey(key))! : randomValue(r);
          await ref.insert(key, v);
          assert.equal(ct.insertNow(key, v), true);
          model.set(bytesKey(key), v);
        }
        // Now and then mid-version: the links hold after every kind of change, hashed or not.
        if (op % 13 === 0) {
          if (r.int(2) === 0) ct.rootHash();
          assert.equal(ct.selfCheck(), undefined, `seed ${seed} v${version} op ${op}`);
        }
      }
      assert.equal(ct.selfCheck(), undefined, `seed ${seed} v${version} links before hashing`);
      assert.equal(toHex(ct.rootHash()), toHex(ref.rootHash()), `seed ${seed} v${version} uncommitted root`);
      assert.equal(ct.selfCheck(), undefined, `seed ${seed} v${version} links after hashing`);
      assert.equal(logText(ct.pendingWriteLog()), logText(ref.pendingWriteLog()));
      const a = await ref.commit(NS, version);
      const b = await ct.commit(NS, version);
      assert.equal(toHex(b), toHex(a), `seed ${seed} v${version} root`);
      assert.equal(logText(ct.writeLog()), logText(ref.writeLog()));
      assert.equal(ct.writeLogLength, ref.writeLog().length, 'the count without unpacking');
      assert.deepEqual(ct.pendingWriteLog(), [], 'nothing pending right after a commit');
      for (const k of universe) {
        const want = model.get(bytesKey(k));
        const got = ct.getNow(k);
        assert.equal(got === null ? null : toHex(got), want === undefined ? null : toHex(want));
      }
      assert.deepEqual(await dump(ct), await dump(ref));
      const from = r.pick(universe);
      assert.deepEqual(await dump(ct, from), await dump(ref, from), `seed ${seed} seek ${toHex(from)}`);
    }
  }
});

test('CompactTree: removing everything gives the empty root; load rebuilds the same root', async () => {
  const r = new Rng(99);
  const ct = new CompactTree();
  const keys = Array.from({ length: 500 }, () => randomKey(r, true));
  for (const k of keys) ct.insertNow(k, randomValue(r));
  const root = await ct.commit(NS, 1n);
  const copy = new CompactTree();
  copy.load(
    [...ct.entries()].map(([k, v]) => [new Uint8Array(k), new Uint8Array(v)] as const),
    1n,
  );
  assert.equal(toHex(copy.rootHash()), toHex(root));
  assert.equal(copy.committedVersion, 1n);
  for (const k of keys) await ct.remove(k);
  assert.equal(toHex(await ct.commit(NS, 2n)), toHex(EMPTY_HASH));
  assert.equal(ct.nodes.count, 0);
  assert.equal(ct.size, 0);
});

test('CompactTree: views handed out stay unchanged across updates and arena compaction', async () => {
  const ct = new CompactTree();
  const key = Uint8Array.of(1, 2, 3);
  ct.insertNow(key, new Uint8Array(100).fill(1));
  const before = ct.getNow(key)!;
  for (let i = 0; i < 30_000; i++) ct.insertNow(key, new Uint8Array(100).fill(i & 0xff));
  await ct.commit(NS, 1n); // a mostly-wasted arena is compacted here
  assert.ok(ct.nodes.used < 10_000, `arena compacted (${ct.nodes.used} bytes used)`);
  assert.deepEqual(before, new Uint8Array(100).fill(1));
  assert.deepEqual(ct.getNow(key), new Uint8Array(100).fill(29_999 & 0xff));
});

test('CompactTree: commits go to the sink in order; a failed write surfaces on the next commit', async () => {
  const seen: string[] = [];
  let fail = false;
  const ct = new CompactTree({
    append: async (version, root, log) => {
      if (fail) throw new MkvsError(MkvsError.CLOSED, 'disk gone');
      seen.push(`${version}:${toHex(root).slice(0, 8)}:${log.length}`);
    },
  });
  ct.insertNow(Uint8Array.of(1), Uint8Array.of(1));
  ct.insertNow(Uint8Array.of(2), Uint8Array.of(2));
  const r1 = await ct.commit(NS, 1n);
  await ct.flush();
  assert.deepEqual(seen, [`1:${toHex(r1).slice(0, 8)}:2`]);
  fail = true;
  ct.insertNow(Uint8Array.of(3), Uint8Array.of(3));
  // The sink refuses this version's write at once, so the commit that waits on it fails too.
  await assert.rejects(ct.commit(NS, 2n), /disk gone/);
  await assert.rejects(ct.flush(), /disk gone/);
  await assert.rejects(ct.commit(NS, 3n), /disk gone/);
});

test('CompactTree: rejects oversized keys and versions that decrease, changing nothing', async () => {
  const ct = new CompactTree();
  ct.insertNow(Uint8Array.of(9), Uint8Array.of(9));
  const root = await ct.commit(NS, 5n);
  assert.throws(
    () => ct.insertNow(new Uint8Array(8192), Uint8Array.of(1)),
    (e: unknown) => {
      return e instanceof MkvsError && e.code === MkvsError.KEY_TOO_LONG;
    },
  );
  await assert.rejects(ct.remove(new Uint8Array(8192)), MkvsError);
  await assert.rejects(
    ct.commit(NS, 4n),
    (e: unknown) => e instanceof MkvsError && e.code === MkvsError.VERSION_ORDER,
  );
  assert.equal(toHex(ct.rootHash()), toHex(root));
  assert.equal(ct.pendingWriteLog().length, 0);
});

test('CompactTree: its key index stays exact through growth, removals and reinsertions', async () => {
  const r = new Rng(2024);
  const ref = new Tree();
  const ct = new CompactTree();
  const keys = Array.from({ length: 6000 }, () => randomKey(r, true));
  for (let wave = 0; wave < 4; wave++) {
    // Insert all (the index grows past its first sizes), then remove two thirds (tombstones),
    // then reinsert some (tombstoned slots reused), then update values in place.
    for (const k of keys) {
      const v = randomValue(r);
      await ref.insert(k, v);
      ct.insertNow(k, v);
    }
    for (let i = 0; i < keys.length; i++) {
      if (i % 3 === wave % 3) continue;
      await ref.remove(keys[i]!);
      await ct.remove(keys[i]!);
    }
    for (let i = 0; i < keys.length; i += 5) {
      const v = randomValue(r);
      await ref.insert(keys[i]!, v);
      ct.insertNow(keys[i]!, v);
    }
    assert.equal(ct.selfCheck(), undefined, `wave ${wave}`);
    const v = BigInt(wave + 1);
    assert.equal(toHex(await ct.commit(NS, v)), toHex(await ref.commit(NS, v)), `wave ${wave} root`);
    for (const k of keys) {
      const want = await ref.get(k);
      const got = ct.getNow(k);
      assert.equal(got === null ? null : toHex(got), want === null ? null : toHex(want));
    }
  }
});

test('Tree: a root hashed before more uncommitted changes is recomputed (found by the state-log tests)', async () => {
  const fresh = async (keys: number[], removed: number[] = []) => {
    const t = new Tree();
    for (const k of keys) if (!removed.includes(k)) await t.insert(Uint8Array.of(k), Uint8Array.of(k));
    return toHex(t.rootHash());
  };
  const t = new Tree();
  for (const k of [0x21, 0xd2, 0xb7]) await t.insert(Uint8Array.of(k), Uint8Array.of(k));
  t.rootHash();
  await t.insert(Uint8Array.of(0x80), Uint8Array.of(0x80));
  assert.equal(toHex(t.rootHash()), await fresh([0x21, 0xd2, 0xb7, 0x80]));
  await t.remove(Uint8Array.of(0xd2));
  assert.equal(toHex(t.rootHash()), await fresh([0x21, 0xb7, 0x80]));
  // The same against the compact tree over a random history with a root read after every change.
  const r = new Rng(77);
  const a = new Tree();
  const c = new CompactTree();
  for (let i = 0; i < 400; i++) {
    const k = randomKey(r, false);
    if (r.int(4) === 0) {
      await a.remove(k);
      await c.remove(k);
    } else {
      const v = randomValue(r);
      await a.insert(k, v);
      c.insertNow(k, v);
    }
    assert.equal(toHex(a.rootHash()), toHex(c.rootHash()), `change ${i}`);
  }
});
