// Node databases: pruning keeps every node reachable from kept roots; malformed stored nodes and
// hostile encodings are refused with coded errors; namespaces and version order are enforced.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromHex, toHex } from '../../src/common/index.js';
import { decodeNode, LevelNodeDB, MemoryNodeDB, MkvsError, type NodeDB, Tree } from '../../src/mkvs/index.js';
import { Rng } from '../helpers/rng.js';

const NS = new Uint8Array(32).fill(3);

async function pruneScenario(db: NodeDB): Promise<void> {
  const r = new Rng(11);
  const t = new Tree({ db });
  const snapshots: { version: bigint; root: Uint8Array; model: Map<string, string> }[] = [];
  const model = new Map<string, string>();
  for (let v = 1n; v <= 6n; v++) {
    for (let i = 0; i < 60; i++) {
      const k = r.bytes(1 + r.int(3));
      if (r.int(4) === 0 && model.size > 0) {
        const victim = [...model.keys()][r.int(model.size)]!;
        await t.remove(Buffer.from(victim, 'hex'));
        model.delete(victim);
      } else {
        const val = r.bytes(4);
        await t.insert(k, val);
        model.set(toHex(k), toHex(val));
      }
    }
    snapshots.push({ version: v, root: await t.commit(NS, v), model: new Map(model) });
  }
  const removed = await db.prune(3n);
  assert.ok(removed > 0, 'old versions had nodes no longer reachable');
  assert.equal(await db.earliestVersion(), 4n);
  for (const s of snapshots.filter((x) => x.version > 3n)) {
    const tv = new Tree({ db, rootHash: s.root });
    for (const [k, v] of s.model)
      assert.equal(toHex((await tv.get(Buffer.from(k, 'hex')))!), v, `v${s.version}`);
  }
  // A pruned root's unique nodes are gone.
  const old = new Tree({ db, rootHash: snapshots[0]!.root });
  await assert.rejects(
    (async () => {
      for (const k of snapshots[0]!.model.keys()) await old.get(Buffer.from(k, 'hex'));
    })(),
    (e: unknown) => e instanceof MkvsError && e.code === MkvsError.NODE_NOT_FOUND,
  );
}

test('pruning (memory) keeps every node reachable from kept roots', async () => {
  await pruneScenario(new MemoryNodeDB());
});

test('pruning (LevelDB, tiny cache) keeps every node reachable from kept roots', async () => {
  const db = await LevelNodeDB.open(mkdtempSync(join(tmpdir(), 'tandem-prune-')), { cacheNodes: 8 });
  await pruneScenario(db);
  await db.close();
});

test('versions never go backwards; a database is bound to one namespace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-ns-'));
  const db = await LevelNodeDB.open(dir);
  const t = new Tree({ db });
  await t.insert(Uint8Array.of(1), Uint8Array.of(1));
  await t.commit(NS, 5n);
  await t.insert(Uint8Array.of(2), Uint8Array.of(2));
  await assert.rejects(
    t.commit(NS, 4n),
    (e: unknown) => e instanceof MkvsError && e.code === MkvsError.VERSION_ORDER,
  );
  await assert.rejects(
    t.commit(new Uint8Array(32), 6n),
    (e: unknown) => e instanceof MkvsError && e.code === MkvsError.NAMESPACE_MISMATCH,
  );
  await db.close();
  await assert.rejects(LevelNodeDB.open(dir, { namespace: new Uint8Array(32).fill(9) }), MkvsError);
  const mem = new MemoryNodeDB();
  const m = new Tree({ db: mem });
  await m.commit(NS, 2n);
  await assert.rejects(m.commit(NS, 1n), MkvsError);
});

test('malformed node encodings are refused with a coded error, without large allocations', () => {
  const bad = [
    '', // empty
    '03', // unknown type byte
    '00', // truncated leaf
    '000500abcd', // key length beyond input
    '000000ffffffff', // value length 4 GiB, input of 7 bytes
    '0001', // truncated label bits
    '01ffff', // label of 65535 bits, no label bytes
    '0108000002aa', // trailing byte after a compact node
    '01080000', // missing leaf marker
    '0108000005', // bad leaf marker
  ];
  for (const h of bad) {
    for (const enc of ['full', 'v0', 'v1'] as const) {
      assert.throws(
        () => decodeNode(fromHex(h), enc),
        (e: unknown) => e instanceof MkvsError && e.code === MkvsError.MALFORMED_NODE,
        `${h} (${enc})`,
      );
    }
  }
  // v1 compact nodes never carry an inline leaf.
  assert.throws(() => decodeNode(fromHex('010800000000000000000000'), 'v1'), MkvsError);
});

test('keys longer than 8191 bytes are refused and change nothing', async () => {
  const t = new Tree();
  await t.insert(Uint8Array.of(1), Uint8Array.of(1));
  const before = toHex(t.rootHash());
  await assert.rejects(
    t.insert(new Uint8Array(8192), Uint8Array.of(1)),
    (e: unknown) => e instanceof MkvsError && e.code === MkvsError.KEY_TOO_LONG,
  );
  assert.equal(toHex(t.rootHash()), before);
  await t.insert(new Uint8Array(8191), Uint8Array.of(2));
  assert.equal(toHex((await t.get(new Uint8Array(8191)))!), '02');
});
