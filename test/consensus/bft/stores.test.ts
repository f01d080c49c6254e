// Sign-state and block stores (file/LevelDB and memory): round trips, atomic replacement, strict
// reads of damaged files, contiguous heights, conflicting saves refused, data kept across reopen.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClassicLevel } from 'classic-level';
import { toHex, utf8 } from '../../../src/common/index.js';
import {
  BftError,
  type BlockStore,
  FileSignStateStore,
  LevelBlockStore,
  MAX_SIGN_STATE_BYTES,
  MemoryBlockStore,
  MemorySignStateStore,
  type SignStateStore,
  SlotFileStore,
} from '../../../src/consensus/bft/index.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'tandem-stores-'));
const isBft = (code: number) => (e: unknown) => e instanceof BftError && e.code === code;
const hex = (b: Uint8Array | undefined) => (b === undefined ? undefined : toHex(b));

function signStateContract(name: string, make: () => SignStateStore): void {
  test(`${name}: nothing saved loads as undefined; saves replace the state; loads do not alias`, () => {
    const s = make();
    assert.equal(s.load(), undefined);
    const a = utf8('h=5 r=0 prevote');
    s.save(a);
    a.fill(0);
    assert.equal(hex(s.load()), toHex(utf8('h=5 r=0 prevote')), 'the saved bytes were copied');
    s.save(utf8('h=5 r=1 precommit'));
    const got = s.load()!;
    assert.equal(toHex(got), toHex(utf8('h=5 r=1 precommit')));
    got.fill(0);
    assert.equal(hex(s.load()), toHex(utf8('h=5 r=1 precommit')));
    s.save(new Uint8Array(0));
    assert.equal(hex(s.load()), '', 'an empty state is a state, not "never signed"');
  });

  test(`${name}: a state above the size limit is refused and the old state kept`, () => {
    const s = make();
    s.save(Uint8Array.of(1));
    assert.throws(
      () => s.save(new Uint8Array(MAX_SIGN_STATE_BYTES + 1)),
      isBft(BftError.SIGN_STATE_TOO_LARGE),
    );
    assert.equal(hex(s.load()), '01');
  });
}

signStateContract('FileSignStateStore', () => new FileSignStateStore(join(freshDir(), 'sub', 'state')));
signStateContract('SlotFileStore', () => new SlotFileStore(join(freshDir(), 'sub', 'state')));
signStateContract('MemorySignStateStore', () => new MemorySignStateStore());

test('FileSignStateStore: replaced atomically by rename, mode 0600, persisted for a new instance', () => {
  const path = join(freshDir(), 'priv_validator_state');
  const s = new FileSignStateStore(path);
  s.save(Uint8Array.of(1));
  const before = statSync(path).ino;
  s.save(Uint8Array.of(2));
  assert.notEqual(statSync(path).ino, before, 'a new file was renamed into place, not rewritten');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(existsSync(`${path}.tmp`), false);
  assert.equal(hex(new FileSignStateStore(path).load()), '02');
});

test('FileSignStateStore: a crash before the rename leaves the old state; the stale tmp is replaced', () => {
  const path = join(freshDir(), 'state');
  const s = new FileSignStateStore(path);
  s.save(Uint8Array.of(1));
  writeFileSync(`${path}.tmp`, Uint8Array.of(0, 0, 0), { mode: 0o644 }); // half-written next state
  assert.equal(hex(s.load()), '01');
  s.save(Uint8Array.of(3));
  assert.equal(hex(s.load()), '03');
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('FileSignStateStore: a damaged file is SIGN_STATE_CORRUPT, never "nothing signed"', () => {
  const path = join(freshDir(), 'state');
  new FileSignStateStore(path).save(utf8('last signed'));
  const good = readFileSync(path);
  const damaged: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['truncated header', good.subarray(0, 5)],
    ['truncated payload', good.subarray(0, good.length - 1)],
    ['trailing byte', Uint8Array.of(...good, 0)],
    ['flipped payload bit', Uint8Array.of(...good.subarray(0, 9), good[9]! ^ 1, ...good.subarray(10))],
    ['oversized file', new Uint8Array(MAX_SIGN_STATE_BYTES + 9)],
  ];
  for (const [what, bytes] of damaged) {
    writeFileSync(path, bytes);
    assert.throws(() => new FileSignStateStore(path).load(), isBft(BftError.SIGN_STATE_CORRUPT), what);
  }
});

test('FileSignStateStore: an unusable path is SIGN_STATE_IO', () => {
  const file = join(freshDir(), 'file');
  writeFileSync(file, 'x');
  const s = new FileSignStateStore(join(file, 'state')); // parent is a regular file
  assert.throws(() => s.save(Uint8Array.of(1)), isBft(BftError.SIGN_STATE_IO));
  assert.throws(() => s.load(), isBft(BftError.SIGN_STATE_IO));
});

const blk = (h: bigint, v = 0) => utf8(`block ${h} v${v}`);
const cmt = (h: bigint, v = 0) => utf8(`commit ${h} v${v}`);

function blockStoreContract(name: string, open: (dir: string) => Promise<BlockStore>): void {
  test(`${name}: the first save sets the base; later heights must follow contiguously`, async () => {
    const s = await open(freshDir());
    assert.equal(s.height(), 0n);
    assert.equal(s.base(), 0n);
    assert.equal(await s.block(1n), undefined);
    for (let h = 5n; h <= 7n; h++) await s.save(h, blk(h), cmt(h));
    assert.equal(s.base(), 5n);
    assert.equal(s.height(), 7n);
    assert.equal(hex(await s.block(6n)), toHex(blk(6n)));
    assert.equal(hex(await s.commit(6n)), toHex(cmt(6n)));
    assert.equal(await s.block(4n), undefined);
    assert.equal(await s.commit(8n), undefined);
    await assert.rejects(s.save(9n, blk(9n), cmt(9n)), isBft(BftError.BLOCK_NOT_CONTIGUOUS));
    await assert.rejects(s.save(4n, blk(4n), cmt(4n)), isBft(BftError.BLOCK_NOT_CONTIGUOUS));
    for (const h of [0n, -1n, 2n ** 64n]) {
      await assert.rejects(s.save(h, blk(h), cmt(h)), isBft(BftError.INVALID_HEIGHT), String(h));
    }
    assert.equal(s.height(), 7n, 'refused saves change nothing');
    assert.equal(await s.block(9n), undefined);
    await s.close();
  });

  test(`${name}: re-saving the same block is a no-op; a different block at a stored height conflicts`, async () => {
    const s = await open(freshDir());
    await s.save(1n, blk(1n), cmt(1n));
    await s.save(2n, blk(2n), cmt(2n));
    await s.save(1n, blk(1n), cmt(1n, 1));
    assert.equal(hex(await s.commit(1n)), toHex(cmt(1n)), 'the first commit is kept');
    await assert.rejects(s.save(1n, blk(1n, 1), cmt(1n)), isBft(BftError.BLOCK_CONFLICT));
    await assert.rejects(s.save(2n, blk(2n, 1), cmt(2n)), isBft(BftError.BLOCK_CONFLICT));
    assert.equal(hex(await s.block(1n)), toHex(blk(1n)));
    assert.equal(s.height(), 2n);
    await s.close();
  });

  test(`${name}: overlapping saves run in order; a closed store refuses every call`, async () => {
    const s = await open(freshDir());
    await Promise.all([1n, 2n, 3n].map((h) => s.save(h, blk(h), cmt(h))));
    assert.equal(s.height(), 3n);
    await s.close();
    await assert.rejects(s.save(4n, blk(4n), cmt(4n)), isBft(BftError.STORE_CLOSED));
    await assert.rejects(s.block(1n), isBft(BftError.STORE_CLOSED));
    await assert.rejects(s.commit(1n), isBft(BftError.STORE_CLOSED));
  });
}

blockStoreContract('LevelBlockStore', (dir) => LevelBlockStore.open(dir));
blockStoreContract('MemoryBlockStore', async () => new MemoryBlockStore());

test('LevelBlockStore: reopening keeps blocks, commits, base and height', async () => {
  const dir = freshDir();
  const s = await LevelBlockStore.open(dir);
  for (let h = 10n; h <= 12n; h++) await s.save(h, blk(h), cmt(h));
  await s.close();
  const again = await LevelBlockStore.open(dir);
  assert.equal(again.base(), 10n);
  assert.equal(again.height(), 12n);
  assert.equal(hex(await again.block(11n)), toHex(blk(11n)));
  assert.equal(hex(await again.commit(12n)), toHex(cmt(12n)));
  await assert.rejects(again.save(14n, blk(14n), cmt(14n)), isBft(BftError.BLOCK_NOT_CONTIGUOUS));
  await again.save(13n, blk(13n), cmt(13n));
  await again.close();
});

test('LevelBlockStore: a malformed meta record is BLOCK_STORE_CORRUPT', async () => {
  for (const meta of [
    Uint8Array.of(1, 2, 3),
    new Uint8Array(16),
    Uint8Array.of(...[0, 0, 0, 0, 0, 0, 0, 5], ...new Uint8Array(8)),
  ]) {
    const dir = freshDir();
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.put(Uint8Array.of(0x6d), meta);
    await db.close();
    await assert.rejects(LevelBlockStore.open(dir), isBft(BftError.BLOCK_STORE_CORRUPT), toHex(meta));
  }
});
