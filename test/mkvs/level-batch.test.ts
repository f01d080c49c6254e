// The commit's direct batch puts (fastPutter) rely on classic-level and abstract-level internals:
// these tests pin the versions they were checked against and the behaviour they assume, so an
// upgrade that changes either fails here rather than changing how commits reach the disk.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ClassicLevel } from 'classic-level';
import { toHex } from '../../src/common/index.js';
import { LevelNodeDB, Tree } from '../../src/mkvs/index.js';
import { FAST_PUT_TESTED, fastPutter } from '../../src/mkvs/nodedb/level-batch.js';

const NS = new Uint8Array(32).fill(5);
const require = createRequire(import.meta.url);

function installedVersion(pkg: string, from?: string): string {
  const main = require.resolve(pkg, from === undefined ? undefined : { paths: [from] });
  let dir = dirname(main);
  for (;;) {
    try {
      const j = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (j.name === pkg) return j.version;
    } catch {
      // no package.json at this level: keep climbing
    }
    dir = dirname(dir);
  }
}

const hexOf = (b: Uint8Array | null | undefined) => (b == null ? 'none' : toHex(b));

async function openView(): Promise<ClassicLevel<Uint8Array, Uint8Array>> {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(mkdtempSync(join(tmpdir(), 'tandem-lb-')), {
    keyEncoding: 'view',
    valueEncoding: 'view',
  });
  await db.open();
  return db;
}

test('fastPutter: the installed classic-level and abstract-level are the versions it was checked with', () => {
  const classic = installedVersion('classic-level');
  const abstractFrom = dirname(require.resolve('classic-level'));
  assert.equal(classic, FAST_PUT_TESTED['classic-level'], 'classic-level changed: re-check fastPutter');
  assert.equal(
    installedVersion('abstract-level', abstractFrom),
    FAST_PUT_TESTED['abstract-level'],
    'abstract-level changed: re-check fastPutter',
  );
});

test('fastPutter: direct puts bypass the wrapper and are written with the batch', async () => {
  const db = await openView();
  const b = db.batch();
  const put = fastPutter(db, b);
  const key = new Uint8Array(3);
  for (let i = 0; i < 50; i++) {
    key.set([1, i, 7]); // one reused key buffer, as the commit does: each put must copy it
    put(key, Uint8Array.of(i, i + 1));
  }
  assert.equal(b.length, 0, 'the direct path skips the wrapper (and its count)');
  b.put(Uint8Array.of(9), Uint8Array.of(9));
  await b.write({ sync: true });
  for (let i = 0; i < 50; i++)
    assert.equal(hexOf(db.getSync(Uint8Array.of(1, i, 7))), toHex(Uint8Array.of(i, i + 1)));
  assert.equal(hexOf(db.getSync(Uint8Array.of(9))), '09');
  await db.close();
});

test('fastPutter: a batch with only direct puts is closed unwritten (why the root record goes through put)', async () => {
  const db = await openView();
  const b = db.batch();
  fastPutter(db, b)(Uint8Array.of(1), Uint8Array.of(2));
  await b.write();
  assert.equal(db.getSync(Uint8Array.of(1)), undefined);
  await db.close();
});

test('fastPutter: falls back to the public put under a prewrite hook, a write listener or other encodings', async () => {
  const db = await openView();
  let hooked = 0;
  const hook = () => void hooked++;
  db.hooks.prewrite.add(hook);
  const b1 = db.batch();
  fastPutter(db, b1)(Uint8Array.of(1), Uint8Array.of(1));
  assert.equal(b1.length, 1);
  assert.equal(hooked, 1, 'the hook saw the put');
  await b1.close();
  db.hooks.prewrite.delete(hook);
  const listener = () => {};
  db.on('write', listener);
  const b2 = db.batch();
  fastPutter(db, b2)(Uint8Array.of(2), Uint8Array.of(2));
  assert.equal(b2.length, 1);
  await b2.write();
  db.off('write', listener);
  assert.equal(hexOf(db.getSync(Uint8Array.of(2))), '02');
  await db.close();
  const utf = new ClassicLevel<string, string>(mkdtempSync(join(tmpdir(), 'tandem-lb-')));
  await utf.open();
  const b3 = utf.batch();
  fastPutter(utf as never, b3 as never)(Uint8Array.of(3), Uint8Array.of(3));
  assert.equal(b3.length, 1);
  await b3.close();
  await utf.close();
});

test('LevelNodeDB commits through direct puts survive a reopen node for node', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-lb-'));
  let db = await LevelNodeDB.open(dir, { cacheBytes: 0, cacheNodes: 1 });
  const t = new Tree({ db });
  const model = new Map<string, Uint8Array>();
  for (let i = 0; i < 400; i++) {
    const k = Uint8Array.of(i & 0xff, i >> 8, 3);
    const v = Uint8Array.of(i, 1, 2, 3, i >> 3);
    await t.insert(k, v);
    model.set(toHex(k), v);
  }
  const root = await t.commit(NS, 1n);
  await db.close();
  db = await LevelNodeDB.open(dir, { cacheBytes: 0, cacheNodes: 1, namespace: NS });
  assert.equal(await db.latestVersion(), 1n);
  const t2 = new Tree({ db, rootHash: root });
  for (const [k, v] of model) assert.equal(hexOf(await t2.get(Buffer.from(k, 'hex'))), toHex(v));
  await db.close();
});
