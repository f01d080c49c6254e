// The per-block overlay: fall-through reads, buffered writes, checkpoints, merged ordered entries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { utf8 } from '../../src/common/index.js';
import { BlockOverlay, ConsensusError } from '../../src/consensus/index.js';
import { Tree } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const k = (s: string) => utf8(s);

async function base(): Promise<Tree> {
  const t = new Tree();
  for (const key of ['a1', 'a3', 'a5', 'b1']) await t.insert(k(key), k(`v${key}`));
  await t.commit(new Uint8Array(32), 1n);
  return t;
}

async function list(o: BlockOverlay, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const [key, v] of o.entries(k(prefix))) out.push(`${Buffer.from(key)}=${Buffer.from(v)}`);
  return out;
}

test('reads fall through; writes are buffered until flush', async () => {
  const t = await base();
  const o = new BlockOverlay(t);
  assert.deepEqual(await o.get(k('a1')), k('va1'));
  o.set(k('a1'), k('x'));
  o.delete(k('a3'));
  assert.deepEqual(await o.get(k('a1')), k('x'));
  assert.equal(await o.get(k('a3')), null);
  assert.deepEqual(await t.get(k('a1')), k('va1'), 'the tree is untouched before flush');
  await o.flush();
  assert.deepEqual(await t.get(k('a1')), k('x'));
  assert.equal(await t.get(k('a3')), null);
});

test('entries merge pending writes and deletes in key order', async () => {
  const o = new BlockOverlay(await base());
  o.set(k('a2'), k('n2'));
  o.set(k('a5'), k('n5'));
  o.delete(k('a3'));
  o.set(k('a'), k('root'));
  o.set(k('c'), k('other'));
  assert.deepEqual(await list(o, 'a'), ['a=root', 'a1=va1', 'a2=n2', 'a5=n5']);
  assert.deepEqual(await list(o, 'b'), ['b1=vb1']);
  assert.deepEqual(await list(o, 'z'), []);
});

test('nested checkpoints roll back exactly their own writes', async () => {
  const o = new BlockOverlay(await base());
  o.set(k('a1'), k('outer'));
  o.checkpoint();
  o.set(k('a1'), k('t1'));
  o.set(k('n'), k('new'));
  o.checkpoint();
  o.delete(k('b1'));
  o.rollback();
  assert.deepEqual(await o.get(k('b1')), k('vb1'));
  assert.deepEqual(await o.get(k('a1')), k('t1'));
  o.rollback();
  assert.deepEqual(await o.get(k('a1')), k('outer'));
  assert.equal(await o.get(k('n')), null);
  o.checkpoint();
  o.set(k('m'), k('kept'));
  o.release();
  assert.deepEqual(await o.get(k('m')), k('kept'));
});

test('a key array changed in place between calls reaches each key it holds', async () => {
  const o = new BlockOverlay(await base());
  const key = new Uint8Array(k('a1'));
  o.set(key, k('x1'));
  key[1] = 0x33; // now "a3"
  assert.deepEqual(await o.get(key), k('va3'));
  o.set(key, k('x3'));
  key[1] = 0x31;
  assert.deepEqual(await o.get(key), k('x1'));
  assert.deepEqual(await o.get(k('a3')), k('x3'));
});

test('checkpoints after a released one roll back only their own writes', async () => {
  const o = new BlockOverlay(await base());
  for (let tx = 0; tx < 5; tx++) {
    o.checkpoint();
    o.set(k('a5'), k(`t${tx}`));
    o.set(k(`c${tx}`), k('new'));
    o.release();
  }
  o.checkpoint();
  o.set(k('a5'), k('u'));
  o.delete(k('c4'));
  o.set(k('d'), k('u'));
  o.rollback();
  assert.deepEqual(await o.get(k('a5')), k('t4'));
  assert.deepEqual(await o.get(k('c4')), k('new'));
  assert.equal(await o.get(k('d')), null);
  assert.equal(o.pendingCount, 6);
});

test('invalid keys are refused at write time', () => {
  const o = new BlockOverlay(new Tree());
  const isKey = (e: unknown) => ConsensusError.is(e, 'consensus', ConsensusError.INVALID_KEY);
  assert.throws(() => o.set(new Uint8Array(0), k('v')), isKey);
  assert.throws(() => o.set(new Uint8Array(9000), k('v')), isKey);
});

test('flush writes in key order and gives the same root as direct inserts', async () => {
  const a = new Tree();
  const o = new BlockOverlay(a);
  for (const key of ['z', 'b', 'm', 'a']) o.set(k(key), k(key));
  await o.flush();
  const b = new Tree();
  for (const key of ['a', 'b', 'm', 'z']) await b.insert(k(key), k(key));
  assert.deepEqual(a.rootHash(), b.rootHash());
  assert.equal(o.pendingCount, 0);
});

test('property: reads and entries match a model under random writes, checkpoints and rollbacks', async () => {
  const r = new Rng(5);
  const tree = new Tree();
  const committed = new Map<string, string>();
  for (let i = 0; i < 60; i++) {
    const key = Buffer.from(r.bytes(r.range(1, 3))).toString('hex');
    committed.set(key, `c${i}`);
    await tree.insert(Buffer.from(key, 'hex'), utf8(`c${i}`));
  }
  const o = new BlockOverlay(tree);
  let model = new Map(committed);
  const saved: Map<string, string>[] = [];
  for (let step = 0; step < 400; step++) {
    const key = Buffer.from(r.bytes(r.range(1, 3))).toString('hex');
    const op = r.int(10);
    if (op < 4) {
      o.set(Buffer.from(key, 'hex'), utf8(`v${step}`));
      model.set(key, `v${step}`);
    } else if (op < 6) {
      o.delete(Buffer.from(key, 'hex'));
      model.delete(key);
    } else if (op === 6) {
      o.checkpoint();
      saved.push(new Map(model));
    } else if (op === 7 && saved.length > 0) {
      o.rollback();
      model = saved.pop()!;
    } else if (op === 8 && saved.length > 0) {
      o.release();
      saved.pop();
    } else {
      const prefix = key.slice(0, 2 * r.int(2));
      const got: string[] = [];
      for await (const [k2, v] of o.entries(Buffer.from(prefix, 'hex')))
        got.push(`${Buffer.from(k2).toString('hex')}=${Buffer.from(v)}`);
      const want = [...model]
        .filter(([k2]) => k2.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k2, v]) => `${k2}=${v}`);
      assert.deepEqual(got, want);
    }
    const g = await o.get(Buffer.from(key, 'hex'));
    assert.equal(g === null ? undefined : Buffer.from(g).toString(), model.get(key));
  }
});

test('recent key strings: keys revisited in any order, reused arrays and equal-length keys stay apart', async () => {
  const t = await base();
  const o = new BlockOverlay(t);
  const rng = new Rng(5);
  const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'a1', 'b1'];
  const model = new Map<string, string>([
    ['a1', 'va1'],
    ['b1', 'vb1'],
  ]);
  const scratch = new Uint8Array(2); // one array reused for every key, changed in place
  for (let i = 0; i < 400; i++) {
    const name = rng.pick(names);
    scratch.set(k(name));
    if (rng.int(2) === 0) {
      const v = `${name}:${i}`;
      o.set(scratch, k(v));
      model.set(name, v);
    } else {
      const got = o.getNow(scratch) ?? (await o.get(scratch));
      const want = model.get(name);
      assert.deepEqual(got === null ? null : Buffer.from(got).toString(), want ?? null, name);
    }
  }
  await o.flush();
  for (const [name, v] of model) assert.deepEqual(await t.get(k(name)), k(v));
});
