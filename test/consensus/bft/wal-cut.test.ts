// The per-height WAL checkpoint without seed records, while the log is small, appends a cut frame
// and syncs nothing: records before the cut are no longer replayed (now, after a reopen, and
// after a crash that kept the cut), records after it are; every state a crash can leave opens to
// the old records, a prefix of them, or the new ones after the cut, never old and new mixed; a
// torn cut is a torn tail; a real empty record is not a cut; the log is truncated once it is large.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import { BftError, FileWal, WAL_TRUNCATE_BYTES } from '../../../src/consensus/bft/index.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'tandem-walc-'));
const rec = (i: number, n = 40) => new Uint8Array(n).fill(i);
const hexes = (rs: Uint8Array[]) => rs.map(toHex);
const logOf = (dir: string) => join(dir, 'wal.log');

test('a checkpoint of a small log appends an 8-byte cut: earlier records are gone, later ones replay', () => {
  const dir = freshDir();
  const w = FileWal.open(dir);
  for (let i = 1; i <= 3; i++) w.append(rec(i));
  const before = statSync(logOf(dir)).size;
  w.checkpoint();
  assert.equal(statSync(logOf(dir)).size, before + 8, 'no truncation, one cut frame');
  assert.deepEqual(w.replay(), []);
  w.write(rec(7));
  w.append(rec(8));
  w.checkpoint();
  w.append(rec(9));
  assert.deepEqual(hexes(w.replay()), hexes([rec(9)]));
  w.close();
  const again = FileWal.open(dir);
  assert.deepEqual(hexes(again.replay()), hexes([rec(9)]));
  again.append(rec(10));
  assert.deepEqual(hexes(again.replay()), hexes([rec(9), rec(10)]));
  again.close();
});

test('every prefix a crash can leave opens to a prefix of the old records or of the new ones', () => {
  const dir = freshDir();
  const w = FileWal.open(dir);
  const old = [rec(1), rec(2, 300), rec(3)];
  const young = [rec(4, 90), rec(5)];
  for (const r of old) w.append(r);
  w.checkpoint();
  for (const r of young) w.append(r);
  w.close();
  const image = readFileSync(logOf(dir));
  const cutAt = old.reduce((n, r) => n + 8 + r.length, 0);
  for (let len = 0; len <= image.length; len++) {
    writeFileSync(logOf(dir), image.subarray(0, len));
    const x = FileWal.open(dir);
    const got = hexes(x.replay());
    const want = len < cutAt + 8 ? old : young;
    assert.deepEqual(got, hexes(want.slice(0, got.length)), `cut at ${len}`);
    if (len >= cutAt + 8) assert.ok(got.length <= young.length);
    else assert.ok(len < cutAt || got.length === old.length, `cut at ${len}: a torn cut keeps the old log`);
    x.close();
  }
});

test('a real empty record is not a cut, and a damaged cut before later records is corruption', () => {
  const dir = freshDir();
  const w = FileWal.open(dir);
  w.append(rec(1));
  w.append(new Uint8Array(0));
  w.append(rec(2));
  assert.deepEqual(hexes(w.replay()), hexes([rec(1), new Uint8Array(0), rec(2)]));
  w.checkpoint();
  w.append(rec(3));
  w.close();
  const image = readFileSync(logOf(dir));
  const cutAt = 8 + 40 + 8 + 8 + 40;
  image[cutAt + 7] = image[cutAt + 7]! ^ 1;
  writeFileSync(logOf(dir), image);
  assert.throws(
    () => FileWal.open(dir),
    (e: unknown) => e instanceof BftError && e.code === BftError.WAL_CORRUPT,
  );
});

test('once the log reaches the truncation size, a checkpoint truncates it to nothing', () => {
  const dir = freshDir();
  const w = FileWal.open(dir);
  w.write(rec(1, WAL_TRUNCATE_BYTES - 100));
  w.checkpoint(); // still below: a cut
  assert.equal(statSync(logOf(dir)).size, WAL_TRUNCATE_BYTES - 100 + 16);
  w.append(rec(2, 200));
  w.checkpoint(); // now past it: truncated
  assert.equal(statSync(logOf(dir)).size, 0);
  w.append(rec(3));
  w.close();
  assert.deepEqual(hexes(FileWal.open(dir).replay()), hexes([rec(3)]));
});
