// The two-slot record store: saves alternate between `<path>` and `<path>.1` with one in-place
// write and sync each; a torn newest slot falls back to the previous record, never to "nothing
// saved"; both damaged is SIGN_STATE_CORRUPT; a record of the single-file format is read and
// kept until a newer record exists beside it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromUtf8, utf8 } from '../../../src/common/index.js';
import {
  BftError,
  FileSignStateStore,
  SlotFileStore,
  slotFilePaths,
} from '../../../src/consensus/bft/index.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'tandem-slots-')), 'sub', 'state');
const isBft = (code: number) => (e: unknown) => e instanceof BftError && e.code === code;
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : fromUtf8(b));

test('SlotFileStore: the first record is <path>, then saves alternate; a new instance reads the newest (mode 0600)', () => {
  const path = fresh();
  const [p0, p1] = slotFilePaths(path);
  const s = new SlotFileStore(path);
  s.save(utf8('one'));
  assert.ok(existsSync(p0) && !existsSync(p1), 'an empty store writes <path> first');
  s.save(utf8('two'));
  assert.ok(existsSync(p1));
  s.save(utf8('three'));
  s.close();
  assert.equal(statSync(p0).mode & 0o777, 0o600);
  assert.equal(statSync(p1).mode & 0o777, 0o600);
  const again = new SlotFileStore(path);
  assert.equal(text(again.load()), 'three');
  again.save(utf8('four'));
  assert.equal(text(new SlotFileStore(path).load()), 'four');
  assert.ok(readFileSync(p1).includes(Buffer.from('four')), 'the slot not holding "three" was overwritten');
  again.close();
});

test('SlotFileStore: a torn or damaged newest slot loads the previous record; both damaged is SIGN_STATE_CORRUPT', () => {
  const path = fresh();
  const [p0, p1] = slotFilePaths(path);
  const s = new SlotFileStore(path);
  s.save(utf8('previous state'));
  s.save(utf8('torn state, longer than the previous one'));
  s.close();
  truncateSync(p1, 20); // the save of p1 was cut short by a crash
  assert.equal(text(new SlotFileStore(path).load()), 'previous state');
  // The next save after the fallback goes on from the record loaded, into the torn slot.
  const t = new SlotFileStore(path);
  t.load();
  t.save(utf8('next'));
  t.close();
  assert.equal(text(new SlotFileStore(path).load()), 'next');
  const flip = readFileSync(p0);
  flip[flip.length - 1]! ^= 1;
  writeFileSync(p0, flip);
  assert.equal(text(new SlotFileStore(path).load()), 'next', 'the older slot damaged: the newest stands');
  writeFileSync(p1, Uint8Array.of(0, 0, 0));
  assert.throws(() => new SlotFileStore(path).load(), isBft(BftError.SIGN_STATE_CORRUPT));
  assert.throws(() => new SlotFileStore(path).save(utf8('x')), isBft(BftError.SIGN_STATE_CORRUPT));
  writeFileSync(p1, new Uint8Array(0));
  assert.throws(() => new SlotFileStore(path).load(), isBft(BftError.SIGN_STATE_CORRUPT), 'empty slot');
});

test('SlotFileStore: a single-file record is read and stays until a newer one exists beside it', () => {
  const path = fresh();
  const p1 = slotFilePaths(path)[1];
  new FileSignStateStore(path).save(utf8('imported'));
  const s = new SlotFileStore(path);
  assert.equal(text(s.load()), 'imported');
  s.save(utf8('after import'));
  assert.equal(text(new FileSignStateStore(path).load()), 'imported', 'the old record is untouched');
  assert.ok(existsSync(p1));
  assert.equal(text(new SlotFileStore(path).load()), 'after import');
  s.save(utf8('later'));
  s.close();
  assert.equal(text(new SlotFileStore(path).load()), 'later');
  // A damaged single-file record alone is corrupt, never "nothing saved".
  const other = fresh();
  new FileSignStateStore(other).save(utf8('x'));
  writeFileSync(other, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
  assert.throws(() => new SlotFileStore(other).load(), isBft(BftError.SIGN_STATE_CORRUPT));
});

test('SlotFileStore: an unusable path is SIGN_STATE_IO', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-slots-'));
  const file = join(dir, 'file');
  writeFileSync(file, 'x');
  const s = new SlotFileStore(join(file, 'state'));
  assert.throws(() => s.save(utf8('x')), isBft(BftError.SIGN_STATE_IO));
});
