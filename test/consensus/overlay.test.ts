// The per-block overlay: fall-through reads, buffered writes, checkpoints, merged ordered entries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { utf8 } from '../../src/common/index.js';
import { BlockOverlay, ConsensusError } from '../../src/consensus/index.js';
import { Tree } from '../../src/mkvs/index.js';

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
