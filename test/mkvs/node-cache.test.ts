// The compact node cache and the LevelDB node database's cache tiers: hits return exactly what was
// stored, generations rotate within the byte bound, a node evicted or pruned is read from disk or
// reported missing, and digests are the SHA-512/256 of their input.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { hashBytes, toHex } from '../../src/common/index.js';
import {
  decodeNode,
  encodeNode,
  encodeNodeInto,
  LevelNodeDB,
  MkvsError,
  type Node,
  type Ptr,
  Tree,
} from '../../src/mkvs/index.js';
import { NodeSlab } from '../../src/mkvs/nodedb/slab.js';
import { Rng } from '../helpers/rng.js';

const NS = new Uint8Array(32).fill(5);

function sha(b: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha512-256').update(b).digest());
}

test('hashBytes is SHA-512/256 of its input, in a fresh array each call', () => {
  const r = new Rng(3);
  for (const n of [0, 1, 31, 64, 111, 200, 5000]) {
    const b = r.bytes(n);
    const h = hashBytes(b);
    assert.deepEqual(h, sha(b));
    assert.notEqual(hashBytes(b), h);
  }
});

test('slab: a stored encoding comes back byte for byte; an unknown hash misses', () => {
  const s = new NodeSlab(1 << 20);
  const r = new Rng(4);
  const items = Array.from({ length: 500 }, () => r.bytes(1 + r.int(120)));
  for (const e of items) s.put(sha(e), e);
  for (const e of items) assert.deepEqual(s.get(sha(e)), e);
  assert.equal(s.get(sha(Uint8Array.of(1, 2, 3))), undefined);
  // A hash whose first bytes collide with a stored one still misses (the full hash is compared).
  const h = sha(items[0]!);
  h[31]! ^= 1;
  assert.equal(s.get(h), undefined);
  s.put(sha(items[0]!), items[0]!);
  assert.equal(s.size, 500, 'a present hash is not stored twice');
});

test('slab: bounded by its bytes; recent and promoted entries survive rotation; clear empties it', () => {
  const s = new NodeSlab(64 * 1024);
  const r = new Rng(5);
  const hot = r.bytes(80);
  const all: Uint8Array[] = [];
  for (let i = 0; i < 3000; i++) {
    const e = r.bytes(60 + r.int(40));
    all.push(e);
    s.put(sha(e), e);
    if (i % 50 === 0) s.put(sha(hot), hot);
    if (i % 50 === 25) assert.deepEqual(s.get(sha(hot)), hot);
  }
  assert.ok(s.size * 60 < 64 * 1024 + 64 * 100, `holds ${s.size} entries within its bound`);
  assert.deepEqual(s.get(sha(all.at(-1)!)), all.at(-1));
  assert.deepEqual(s.get(sha(hot)), hot);
  assert.equal(s.get(sha(all[0]!)), undefined, 'the oldest entries were dropped');
  s.put(sha(Uint8Array.of(9)), new Uint8Array(40 * 1024));
  assert.equal(s.get(sha(Uint8Array.of(9))), undefined, 'an entry larger than a generation is not kept');
  s.clear();
  assert.equal(s.size, 0);
  assert.equal(s.get(sha(hot)), undefined);
  assert.equal(new NodeSlab(0).get(sha(hot)), undefined);
});

/** Every node held in memory under the tree's root (hash references not followed). */
function residentNodes(t: Tree): Node[] {
  const nodes: Node[] = [];
  const walk = (p: Ptr): void => {
    if (p === null || p.type === 2) return;
    nodes.push(p);
    if (p.type === 1) [p.leaf, p.left, p.right].forEach(walk);
  };
  walk(t.rootPtr());
  return nodes;
}

test('encodeNodeInto writes exactly encodeNode, into one growing buffer (with and without kept views)', async () => {
  const t = new Tree();
  const r = new Rng(12);
  for (let i = 0; i < 400; i++)
    await t.insert(r.bytes(1 + r.int(4)), r.bytes(r.int(3) === 0 ? 300 : r.int(20)));
  await t.commit(NS, 1n);
  const nodes = residentNodes(t);
  assert.ok(nodes.length > 400);
  const scratch = { buf: new Uint8Array(8) };
  const reused = { buf: new Uint8Array(8), views: [] as (Uint8Array | undefined)[] };
  for (const n of nodes) {
    for (const enc of ['full', 'v0', 'v1'] as const) {
      if (enc !== 'v1' && n.type === 1 && n.leaf !== null && n.leaf.type === 2) continue;
      assert.deepEqual(new Uint8Array(encodeNodeInto(n, enc, scratch)), encodeNode(n, enc));
      assert.deepEqual(new Uint8Array(encodeNodeInto(n, enc, reused)), encodeNode(n, enc));
    }
  }
  assert.ok(scratch.buf.length >= 300, 'the buffer grew for the large values');
});

test('decodeNode over a range of a larger buffer: the same node, sharing no memory; bad ranges refused', async () => {
  const t = new Tree();
  const r = new Rng(21);
  for (let i = 0; i < 300; i++)
    await t.insert(r.bytes(1 + r.int(4)), r.bytes(r.int(3) === 0 ? 0 : r.int(40)));
  await t.commit(NS, 1n);
  const nodes = residentNodes(t);
  for (const n of nodes) {
    const enc = encodeNode(n, 'full');
    const arena = new Uint8Array(enc.length + 20).fill(0x02);
    arena.set(enc, 7);
    const a = decodeNode(arena, 'full', 7, 7 + enc.length);
    assert.deepEqual(encodeNode(a, 'full'), enc);
    assert.deepEqual(a, decodeNode(enc, 'full'));
    arena.fill(0xee);
    assert.deepEqual(encodeNode(a, 'full'), enc, 'the decoded node keeps no view of the buffer');
    arena.set(enc, 7);
    const bad = (start: number, end: number) =>
      assert.throws(
        () => decodeNode(arena, 'full', start, end),
        (e: unknown) => e instanceof MkvsError,
      );
    bad(7, 7 + enc.length - 1); // truncated: the bytes after the range are never read
    bad(6, 7 + enc.length); // a leading byte of padding is no node type
    bad(7, arena.length + 1);
    bad(-1, 5);
    bad(9, 8);
  }
  // The plain internal node's fast path on a range whose label runs to its end.
  const cut = Uint8Array.of(1, 16, 0, 0xaa, 0xbb);
  assert.throws(
    () => decodeNode(cut, 'full'),
    (e: unknown) => e instanceof MkvsError,
  );
});

test('slab: readWith reads entries in place from either generation, and misses like get', () => {
  const s = new NodeSlab(64 * 1024);
  const r = new Rng(22);
  const items = Array.from({ length: 900 }, () => r.bytes(1 + r.int(60)));
  const copy = (b: Uint8Array, start: number, end: number) => b.slice(start, end);
  for (const e of items) {
    s.put(sha(e), e);
    assert.deepEqual(s.readWith(sha(e), copy), e);
  }
  let found = 0;
  for (const e of items) {
    const v = s.readWith(sha(e), copy);
    if (v !== undefined) {
      assert.deepEqual(v, e);
      found++;
    }
  }
  assert.ok(
    found > 0 && found < items.length,
    'some entries rotated out, others are read from both generations',
  );
  assert.equal(s.readWith(sha(Uint8Array.of(7)), copy), undefined);
  assert.equal(new NodeSlab(0).readWith(sha(items[0]!), copy), undefined);
});

async function read(t: Tree, hexKey: string): Promise<Uint8Array | null> {
  const v = await t.get(Buffer.from(hexKey, 'hex'));
  return v === null ? null : new Uint8Array(v);
}

async function scenario(opts: { cacheNodes: number; cacheBytes: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-cache-'));
  const r = new Rng(8);
  let db = await LevelNodeDB.open(dir, opts);
  const t = new Tree({ db });
  const model = new Map<string, Uint8Array>();
  let root: Uint8Array = new Uint8Array();
  for (let v = 1n; v <= 8n; v++) {
    for (let i = 0; i < 300; i++) {
      const k = r.bytes(2 + r.int(6));
      const val = r.bytes(r.int(30));
      await t.insert(k, val);
      model.set(toHex(k), val);
    }
    root = await t.commit(NS, v);
    for (const [k, val] of [...model].slice(0, 200)) assert.deepEqual(await read(t, k), val);
  }
  await db.close();
  db = await LevelNodeDB.open(dir, opts);
  const again = new Tree({ db, rootHash: root });
  for (const [k, val] of model) assert.deepEqual(await read(again, k), val);
  await db.close();
}

test('LevelDB node database: every value reads back through tiny, small and disabled caches', async () => {
  await scenario({ cacheNodes: 4, cacheBytes: 4096 });
  await scenario({ cacheNodes: 50, cacheBytes: 0 });
  await scenario({ cacheNodes: 100_000, cacheBytes: 1 << 24 });
});

test('a disk tree keeps the same roots as an in-memory tree across commits (resident top trimmed)', async () => {
  const db = await LevelNodeDB.open(mkdtempSync(join(tmpdir(), 'tandem-trim-')), { cacheNodes: 16 });
  const disk = new Tree({ db });
  const mem = new Tree();
  const r = new Rng(9);
  for (let v = 1n; v <= 6n; v++) {
    for (let i = 0; i < 2000; i++) {
      const k = r.bytes(4 + r.int(3));
      if (r.int(5) === 0) {
        await disk.remove(k);
        await mem.remove(k);
      } else {
        const val = r.bytes(8);
        await disk.insert(k, val);
        await mem.insert(k, val);
      }
    }
    assert.deepEqual(await disk.commit(NS, v), await mem.commit(NS, v), `root at version ${v}`);
  }
  await db.close();
});
