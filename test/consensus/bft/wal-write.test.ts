// Written (unsynced) WAL records: kept by a process crash, made durable by the next sync or
// durable append, lost by a power loss only when no sync followed them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import { BftError, FileWal, FRAME_HEADER_BYTES, MemoryWal } from '../../../src/consensus/bft/index.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'tandem-wal-write-'));
const hexes = (rs: Uint8Array[]) => rs.map(toHex);
const rec = (b: number) => Uint8Array.of(b, b);

test('FileWal: written records are in the file at once and replay after reopen, in order with appended ones', () => {
  const dir = freshDir();
  const wal = FileWal.open(dir);
  wal.write(rec(1));
  wal.append(rec(2));
  wal.write(rec(3));
  wal.write(rec(4));
  // No sync and no close: the file is what a process killed now leaves behind.
  const image = readFileSync(join(dir, 'wal.log'));
  assert.equal(image.length, 4 * (2 + FRAME_HEADER_BYTES), 'every record is in the file');
  const reopened = FileWal.open(dir);
  assert.deepEqual(hexes(reopened.replay()), ['0101', '0202', '0303', '0404']);
  reopened.append(rec(5));
  assert.deepEqual(hexes(FileWal.open(dir).replay()), ['0101', '0202', '0303', '0404', '0505']);
  wal.close();
  reopened.close();
});

test('FileWal: sync and write on a closed log fail with STORE_CLOSED; sync with nothing written is a no-op', () => {
  const wal = FileWal.open(freshDir());
  wal.sync();
  wal.write(rec(1));
  wal.sync();
  wal.sync();
  wal.close();
  const closed = (e: unknown) => e instanceof BftError && e.code === BftError.STORE_CLOSED;
  assert.throws(() => wal.write(rec(2)), closed);
  assert.throws(() => wal.sync(), closed);
});

test('MemoryWal: a power loss keeps what was synced, a process crash keeps everything written', () => {
  const wal = new MemoryWal();
  wal.write(rec(1));
  assert.deepEqual(hexes(wal.crashCopy(false, true).replay()), [], 'unsynced write lost on power loss');
  wal.append(rec(2));
  assert.deepEqual(
    hexes(wal.crashCopy(false, true).replay()),
    ['0101', '0202'],
    'an append syncs earlier writes',
  );
  wal.write(rec(3));
  wal.write(rec(4));
  assert.deepEqual(hexes(wal.crashCopy(false, true).replay()), ['0101', '0202']);
  assert.deepEqual(hexes(wal.crashCopy().replay()), ['0101', '0202', '0303', '0404']);
  wal.sync();
  assert.deepEqual(hexes(wal.crashCopy(false, true).replay()), ['0101', '0202', '0303', '0404']);
  wal.write(rec(5));
  wal.checkpoint([rec(9)]);
  assert.deepEqual(hexes(wal.crashCopy(false, true).replay()), ['0909'], 'a checkpoint is durable');
  // A torn tail tears the last written record; a restart from it continues cleanly.
  wal.write(rec(6));
  const torn = wal.crashCopy(true);
  assert.deepEqual(hexes(torn.replay()), ['0909']);
  torn.write(rec(7));
  assert.deepEqual(hexes(torn.crashCopy().replay()), ['0909', '0707']);
});
