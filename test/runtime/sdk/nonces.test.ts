// Nonces counted within a batch (BatchNonces): one tree read and one insert per sender, yet the
// state root and write log are those of an insert per transaction, as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { bytesEqual, concatBytes, u64be, utf8 } from '../../../src/common/index.js';
import { Tree } from '../../../src/mkvs/index.js';
import { BatchNonces, nonceKey, readNonce } from '../../../src/runtime/sdk/index.js';
import { addr, makeTx, signer } from '../testhost/helpers.js';
import { openInProcess } from './helpers.js';

/** The state the old path built: a nonce insert, then the handler's insert, per transaction. */
function reference(tree: Tree, steps: readonly (readonly [number, bigint, string | null])[]): void {
  for (const [s, nonce, key] of steps) {
    void tree.insertNow(nonceKey(addr(s)), u64be(nonce + 1n));
    if (key !== null) void tree.insertNow(concatBytes(Uint8Array.of(1), utf8(key)), utf8(`v-${key}`));
  }
}

test('ExecuteTxBatch: nonces counted in the batch give the state root and write log of one nonce insert per transaction', async () => {
  const h = await openInProcess(kvRuntime);
  try {
    const ins = (s: number, n: bigint, key: string) =>
      makeTx(h, signer(s), n, 'insert', { key, value: `v-${key}` });
    const first = await h.execute([
      ins(1, 0n, 'a'),
      ins(2, 0n, 'b'),
      ins(1, 1n, 'c'),
      ins(1, 1n, 'replayed nonce'),
      ins(2, 5n, 'nonce ahead'),
      makeTx(h, signer(2), 1n, 'burn', { iterations: 99_999_999 }), // fails: keeps the nonce bump
      ins(3, 0n, 'd'),
      ins(1, 2n, 'e'),
    ]);
    assert.equal(first.response.tx_hashes.length, 6);
    assert.equal(first.response.tx_reject_hashes.length, 2);
    const ref = new Tree();
    reference(ref, [
      [1, 0n, 'a'],
      [2, 0n, 'b'],
      [1, 1n, 'c'],
      [2, 1n, null],
      [3, 0n, 'd'],
      [1, 2n, 'e'],
    ]);
    assert.ok(bytesEqual(first.header.state_root, ref.rootHash()));
    assert.deepEqual(first.response.batch.state_write_log, ref.pendingWriteLog());
    // The next batch reads the nonces the first one wrote.
    const second = await h.execute([ins(2, 2n, 'f'), ins(1, 3n, 'g'), ins(1, 3n, 'again'), ins(4, 0n, 'h')]);
    assert.equal(second.response.tx_hashes.length, 3);
    reference(ref, [
      [2, 2n, 'f'],
      [1, 3n, 'g'],
      [4, 0n, 'h'],
    ]);
    assert.ok(bytesEqual(second.header.state_root, ref.rootHash()));
    assert.equal(await h.nonceOf(addr(1)), 4n);
  } finally {
    await h.close();
  }
});

test('BatchNonces reads a sender from the tree once, counts in memory, and writes once per sender on flush', async () => {
  const tree = new Tree();
  await tree.insert(nonceKey(addr(1)), u64be(7n));
  const before = tree.pendingWriteLog().length;
  const book = new BatchNonces(tree);
  assert.equal(await book.expected(addr(1)), 7n);
  assert.equal(await book.expected(addr(2)), 0n, 'a new sender starts at 0');
  book.bump(addr(1), 7n);
  book.bump(addr(1), 8n);
  book.bump(addr(2), 0n);
  assert.equal(book.expected(addr(1)), 9n, 'a sender seen in the batch is answered at once');
  assert.equal(await readNonce(tree, addr(1)), 7n, 'nothing is written before the flush');
  await book.flush();
  assert.equal(await readNonce(tree, addr(1)), 9n);
  assert.equal(await readNonce(tree, addr(2)), 1n);
  assert.equal(tree.pendingWriteLog().length, before + 1, 'one entry per sender');
  const sender = addr(3);
  book.bump(sender, 0n);
  sender.fill(0); // the book keeps its own copy of the address
  await book.flush();
  assert.equal(await readNonce(tree, addr(3)), 1n);
});
