// Write-ahead logs (file and memory): round trips, torn tails ignored and truncated, corruption
// before the tail refused with a coded error, record size limits, checkpoints, close and reopen.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import { BftError, FileWal, MemoryWal, type Wal } from '../../../src/consensus/bft/index.js';
import { Rng } from '../../helpers/rng.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'tandem-wal-'));
const hexes = (rs: Uint8Array[]) => rs.map(toHex);
const isBft = (code: number) => (e: unknown) => e instanceof BftError && e.code === code;

function sampleRecords(seed: number, n: number): Uint8Array[] {
  const r = new Rng(seed);
  const out: Uint8Array[] = [new Uint8Array(0)];
  for (let i = 1; i < n; i++) out.push(r.bytes(r.int(3000)));
  return out;
}

/** Behaviour both implementations share; `reopen` gives the log a restart would see. */
function conformance(name: string, make: () => { wal: Wal; reopen: () => Wal }): void {
  test(`${name}: records replay in order, including empty ones, and appends continue after reopen`, () => {
    const { wal, reopen } = make();
    assert.deepEqual(wal.replay(), []);
    const recs = sampleRecords(1, 20);
    for (const r of recs) wal.append(r);
    assert.deepEqual(hexes(wal.replay()), hexes(recs));
    wal.close();
    const again = reopen();
    assert.deepEqual(hexes(again.replay()), hexes(recs));
    again.append(Uint8Array.of(9));
    assert.deepEqual(hexes(again.replay()), hexes([...recs, Uint8Array.of(9)]));
  });

  test(`${name}: a checkpoint drops earlier records and opens the segment with its seed records`, () => {
    const { wal, reopen } = make();
    wal.append(Uint8Array.of(1));
    wal.checkpoint();
    assert.deepEqual(wal.replay(), []);
    wal.append(Uint8Array.of(2));
    wal.checkpoint([Uint8Array.of(3), Uint8Array.of(4)]);
    wal.append(Uint8Array.of(5));
    assert.deepEqual(hexes(wal.replay()), ['03', '04', '05']);
    wal.close();
    assert.deepEqual(hexes(reopen().replay()), ['03', '04', '05']);
  });

  test(`${name}: oversized records are refused on append and checkpoint, changing nothing`, () => {
    const { wal } = make();
    wal.append(new Uint8Array(4096));
    assert.throws(() => wal.append(new Uint8Array(4097)), isBft(BftError.WAL_RECORD_TOO_LARGE));
    assert.throws(() => wal.checkpoint([new Uint8Array(4097)]), isBft(BftError.WAL_RECORD_TOO_LARGE));
    assert.deepEqual(hexes(wal.replay()), [toHex(new Uint8Array(4096))]);
  });

  test(`${name}: a closed log refuses every operation; close is idempotent`, () => {
    const { wal } = make();
    wal.close();
    wal.close();
    assert.throws(() => wal.append(Uint8Array.of(1)), isBft(BftError.STORE_CLOSED));
    assert.throws(() => wal.replay(), isBft(BftError.STORE_CLOSED));
    assert.throws(() => wal.checkpoint(), isBft(BftError.STORE_CLOSED));
  });
}

conformance('FileWal', () => {
  const dir = freshDir();
  return { wal: FileWal.open(dir, { maxRecordBytes: 4096 }), reopen: () => FileWal.open(dir) };
});

conformance('MemoryWal', () => {
  const wal = new MemoryWal({ maxRecordBytes: 4096 });
  return { wal, reopen: () => wal.crashCopy() };
});

/** A log on disk holding `recs`, closed; returns the log file path. */
function logWith(dir: string, recs: Uint8Array[]): string {
  const wal = FileWal.open(dir);
  for (const r of recs) wal.append(r);
  wal.close();
  return join(dir, 'wal.log');
}

test('FileWal: a torn final record is ignored and truncated away, whatever shape the tear has', () => {
  const recs = sampleRecords(2, 5);
  const full = readFileSync(logWith(freshDir(), [...recs, Uint8Array.of(7, 7, 7, 7)]));
  const intact = full.length - 12;
  const tears: [string, Uint8Array][] = [
    ['partial header', full.subarray(intact, intact + 5)],
    ['header and part of the payload', full.subarray(intact, intact + 10)],
    ['full frame, bad checksum', Uint8Array.of(...full.subarray(intact, intact + 11), 0)],
    ['zero-filled extension', new Uint8Array(4096)],
  ];
  for (const [what, tail] of tears) {
    const dir = freshDir();
    const path = logWith(dir, recs);
    appendFileSync(path, tail);
    const wal = FileWal.open(dir);
    assert.equal(statSync(path).size, intact, `${what}: truncated on open`);
    assert.deepEqual(hexes(wal.replay()), hexes(recs), what);
    wal.append(Uint8Array.of(8));
    wal.close();
    assert.deepEqual(hexes(FileWal.open(dir).replay()), hexes([...recs, Uint8Array.of(8)]), what);
  }
});

test('FileWal: corruption before the tail is WAL_CORRUPT and leaves the file untouched', () => {
  const recs = sampleRecords(3, 4);
  const damages: [string, (b: Buffer) => void][] = [
    ['flipped payload byte in the first record', (b) => (b[8 + 0] = b[8]! ^ 1)],
    ['flipped checksum byte', (b) => (b[4] = b[4]! ^ 0x80)],
    ['zeroed second header', (b) => b.fill(0, 9, 17)],
    ['length above the limit', (b) => b.writeUInt32BE(5 * 1024 * 1024, 0)],
  ];
  for (const [what, damage] of damages) {
    const dir = freshDir();
    const path = logWith(dir, [Uint8Array.of(1), ...recs]);
    const bytes = readFileSync(path);
    damage(bytes);
    writeFileSync(path, bytes);
    assert.throws(() => FileWal.open(dir), isBft(BftError.WAL_CORRUPT), what);
    assert.deepEqual(readFileSync(path), bytes, `${what}: nothing truncated`);
  }
});

test('FileWal: a record above maxRecordBytes is refused on read, even if written with a larger limit', () => {
  const dir = freshDir();
  const wal = FileWal.open(dir);
  wal.append(new Uint8Array(100));
  wal.append(Uint8Array.of(1));
  wal.close();
  assert.throws(() => FileWal.open(dir, { maxRecordBytes: 99 }), isBft(BftError.WAL_CORRUPT));
  assert.throws(() => FileWal.open(dir, { maxRecordBytes: -1 }), isBft(BftError.WAL_RECORD_TOO_LARGE));
  assert.throws(() => FileWal.open(dir, { maxRecordBytes: 2 ** 32 }), isBft(BftError.WAL_RECORD_TOO_LARGE));
  assert.equal(FileWal.open(dir, { maxRecordBytes: 100 }).replay().length, 2);
});

test('FileWal: an interrupted checkpoint (tmp never renamed) leaves the old log, and the tmp is discarded', () => {
  const dir = freshDir();
  logWith(dir, [Uint8Array.of(1), Uint8Array.of(2)]);
  writeFileSync(join(dir, 'wal.log.tmp'), Uint8Array.of(0, 0, 0, 9, 1, 2)); // half-written segment
  const wal = FileWal.open(dir);
  assert.equal(existsSync(join(dir, 'wal.log.tmp')), false);
  assert.deepEqual(hexes(wal.replay()), ['01', '02']);
  wal.checkpoint([Uint8Array.of(3)]);
  assert.equal(existsSync(join(dir, 'wal.log.tmp')), false, 'checkpoint renames its tmp file away');
  assert.equal(statSync(join(dir, 'wal.log')).mode & 0o777, 0o600);
  wal.close();
  assert.deepEqual(hexes(FileWal.open(dir).replay()), ['03']);
});

test('MemoryWal: crashCopy keeps every appended record; a torn tail loses only the last', () => {
  const wal = new MemoryWal();
  wal.append(Uint8Array.of(1));
  wal.append(Uint8Array.of(2, 2));
  const clean = wal.crashCopy();
  const torn = wal.crashCopy(true);
  assert.deepEqual(hexes(clean.replay()), ['01', '0202']);
  assert.deepEqual(hexes(torn.replay()), ['01']);
  torn.append(Uint8Array.of(3));
  assert.deepEqual(hexes(torn.crashCopy().replay()), ['01', '03']);
  assert.deepEqual(hexes(wal.replay()), ['01', '0202'], 'the original is unaffected');
  assert.deepEqual(new MemoryWal().crashCopy(true).replay(), []);
  wal.close();
  assert.deepEqual(hexes(wal.crashCopy().replay()), ['01', '0202'], 'a closed log can still be copied');
});
