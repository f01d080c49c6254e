// The app record written in the background: a save returns at once and load sees it; saves made
// while a write runs collapse into the newest; flush and close leave the newest on disk; a failed
// write fails the next save and the flush (the node stops rather than run on unrecorded).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromUtf8, utf8 } from '../../src/common/index.js';
import { SlotFileStore } from '../../src/consensus/bft/index.js';
import { NodeError } from '../../src/node/errors.js';
import { BackgroundRecordStore } from '../../src/node/record-writer.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'tandem-record-')), 'state', 'app.record');
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : fromUtf8(b));

test('background record: saves return at once, collapse while a write runs, and the newest is on disk after flush', async () => {
  const path = fresh();
  const r = new BackgroundRecordStore(new SlotFileStore(path));
  assert.equal(r.load(), undefined);
  const first = utf8('height 1');
  r.save(first);
  first.fill(0);
  assert.equal(text(r.load()), 'height 1', 'taken as a copy, visible at once');
  for (let h = 2; h <= 20; h++) r.save(utf8(`height ${h}`));
  assert.equal(text(r.load()), 'height 20');
  await r.flush();
  assert.ok(r.writes >= 2 && r.writes < 20, `saves collapsed into ${r.writes} writes`);
  assert.equal(text(new SlotFileStore(path).load()), 'height 20');
  r.save(utf8('height 21'));
  await r.close();
  assert.equal(text(new SlotFileStore(path).load()), 'height 21', 'close writes what was taken');
  // A new instance reads the file.
  assert.equal(text(new BackgroundRecordStore(new SlotFileStore(path)).load()), 'height 21');
});

test('background record: a failed write fails the next save and the flush with RECORD_IO', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-record-'));
  const file = join(dir, 'file');
  writeFileSync(file, 'x'); // the record's directory is a regular file: every write fails
  const r = new BackgroundRecordStore(new SlotFileStore(join(file, 'app.record')));
  r.save(utf8('lost'));
  const isIo = (e: unknown) => e instanceof NodeError && e.code === NodeError.RECORD_IO;
  await assert.rejects(r.flush(), isIo);
  assert.throws(() => r.save(utf8('next')), isIo);
  await assert.rejects(r.close(), isIo);
});
