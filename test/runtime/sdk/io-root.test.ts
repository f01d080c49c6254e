import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBytes, EMPTY_HASH, toHex } from '../../../src/common/index.js';
import { type KeyValue, sortedRoot, Tree, type WriteLog } from '../../../src/mkvs/index.js';
import { freshTreeRoot, IoTreeBuilder } from '../../../src/runtime/sdk/io.js';
import { Rng } from '../../helpers/rng.js';

async function viaTree(log: WriteLog) {
  const t = new Tree();
  await t.applyWriteLog(log);
  return { root: t.rootHash(), writeLog: t.pendingWriteLog() };
}

/** Distinct IO-like keys ('T'/'E', 34 or 42 bytes: none a prefix of another), no nulls, any order. */
function ioLikeLog(r: Rng): WriteLog {
  return Array.from({ length: r.int(80) + 1 }, () => {
    const key = r.bytes(r.pick([34, 42]));
    key[0] = r.pick([0x54, 0x45]);
    return { key, value: r.bytes(r.int(60)) };
  });
}

function randomLog(r: Rng): WriteLog {
  const n = r.int(60);
  const log: WriteLog = [];
  const pool: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const reuse = pool.length > 0 && r.int(10) === 0;
    // Mixed lengths, so some keys are prefixes of others; short keys share prefixes often.
    const key = reuse ? pool[r.int(pool.length)]! : r.bytes(r.pick([1, 2, 3, 34, 42]));
    pool.push(key);
    const value = r.int(20) === 0 ? null : r.bytes(r.int(4) === 0 ? 0 : r.int(80));
    log.push({ key, value });
  }
  return log;
}

test('IO root straight from sorted entries equals the root and write log of a tree built by inserts (any log: duplicates, prefixes, nulls, empty values, any order)', async () => {
  const r = new Rng(11);
  for (let round = 0; round < 400; round++) {
    const log = randomLog(r);
    const fast = await freshTreeRoot(log);
    const slow = await viaTree(log);
    assert.equal(toHex(fast.root), toHex(slow.root), `round ${round}`);
    assert.deepEqual(fast.writeLog, slow.writeLog, `round ${round}`);
  }
  for (let round = 0; round < 200; round++) {
    const log = ioLikeLog(r);
    const sorted = [...log].sort((a, b) => compareBytes(a.key, b.key));
    assert.ok(sortedRoot(sorted as KeyValue[]) !== undefined, 'the direct path applies');
    const fast = await freshTreeRoot(log);
    const slow = await viaTree(log);
    assert.equal(toHex(fast.root), toHex(slow.root), `io-like round ${round}`);
    assert.deepEqual(fast.writeLog, slow.writeLog, `io-like round ${round}`);
  }
  assert.deepEqual(await freshTreeRoot([]), { root: EMPTY_HASH, writeLog: [] });
});

test('IoTreeBuilder: a batch of transactions and tags gives the tree root, and the empty hash when empty', async () => {
  const r = new Rng(3);
  const b = new IoTreeBuilder();
  assert.deepEqual(await b.finish(), { root: EMPTY_HASH, writeLog: [] });
  const t = new Tree();
  for (let i = 0; i < 50; i++) {
    const txHash = r.bytes(32);
    const tags = [{ key: new TextEncoder().encode(`tag${i % 3}`), value: r.bytes(5) }];
    await b.addTx(txHash, r.bytes(100), i, r.bytes(3), tags);
  }
  const out = await b.finish();
  for (const e of out.writeLog) await t.insert(e.key, e.value);
  assert.equal(out.writeLog.length, 150);
  assert.equal(toHex(out.root), toHex(t.rootHash()));
});
