// The per-height WAL checkpoint without seed records truncates wal.log in place once it is large
// (no tmp file, no rename): the new segment starts empty, later records survive a reopen, and
// every state a crash in the middle can leave (the old log, a prefix of it with a torn last frame,
// the empty log) opens cleanly with only old records or none, never old and new records mixed.
// (While the log is small the checkpoint writes a cut frame instead: wal-cut.test.ts.)
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import { FileWal, WAL_TRUNCATE_BYTES } from '../../../src/consensus/bft/index.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'tandem-walt-'));
const rec = (i: number, n = 40) => new Uint8Array(n).fill(i);
const hexes = (rs: Uint8Array[]) => rs.map(toHex);

test('a checkpoint without seed of a large log empties it in place; later records survive a reopen', () => {
  const dir = freshDir();
  const w = FileWal.open(dir);
  for (let i = 1; i <= 5; i++) w.write(rec(i, WAL_TRUNCATE_BYTES / 4));
  w.sync();
  w.checkpoint();
  assert.equal(statSync(join(dir, 'wal.log')).size, 0);
  assert.equal(existsSync(join(dir, 'wal.log.tmp')), false);
  assert.deepEqual(w.replay(), []);
  w.append(rec(9));
  w.write(rec(10));
  w.sync();
  w.close();
  const again = FileWal.open(dir);
  assert.deepEqual(hexes(again.replay()), hexes([rec(9), rec(10)]));
  again.checkpoint([rec(7)]); // with seed: the rename path, unchanged
  assert.deepEqual(hexes(again.replay()), hexes([rec(7)]));
  again.close();
});

test('every state a crash during the truncation can leave opens to old records or none', () => {
  const dir = freshDir();
  const w = FileWal.open(dir);
  const old = [rec(1), rec(2, 300), rec(3)];
  for (const r of old) w.append(r);
  w.close();
  const image = readFileSync(join(dir, 'wal.log'));
  for (let cut = 0; cut <= image.length; cut += 7) {
    writeFileSync(join(dir, 'wal.log'), image.subarray(0, cut));
    const x = FileWal.open(dir);
    const got = hexes(x.replay());
    assert.deepEqual(got, hexes(old.slice(0, got.length)), `cut at ${cut}: a prefix of the old records`);
    x.close();
  }
});
