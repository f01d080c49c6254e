// Hostile or damaged state-log records: each is refused with a clear MkvsError naming what is
// wrong, and (except a root that does not match, found only by replaying) before the target of
// the restore is touched at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClassicLevel } from 'classic-level';
import { decodeCanonical, encodeCanonical } from '../../src/common/index.js';
import { MkvsError, StateLogStore } from '../../src/mkvs/index.js';
import { account, Chain, entriesOf, storeDir, TreeTarget } from '../helpers/state-log.js';

type Db = ClassicLevel<Uint8Array, Uint8Array>;
type Fields = Record<string, unknown>;

const NS = new Uint8Array(32).fill(0x5a);
const OTHER_NS = new Uint8Array(32).fill(0x5b);

function key(tag: number, version: number, index?: number): Uint8Array {
  const k = new Uint8Array(index === undefined ? 9 : 13);
  k[0] = tag;
  const dv = new DataView(k.buffer);
  dv.setBigUint64(1, BigInt(version));
  if (index !== undefined) dv.setUint32(9, index);
  return k;
}
const logKey = (v: number) => key(0x6c, v);
const chunkKey = (v: number, i: number) => key(0x63, v, i);
const manifestKey = (v: number) => key(0x73, v);

async function get(db: Db, k: Uint8Array): Promise<Fields> {
  return decodeCanonical((await db.get(k))!) as Fields;
}

/** Re-encode the record under `k` with some fields changed (undefined removes one). */
async function edit(db: Db, k: Uint8Array, change: Fields): Promise<void> {
  const r = { ...(await get(db, k)), ...change };
  await db.put(k, encodeCanonical(r));
}

/**
 * A store in namespace NS holding versions 0..5 with a snapshot of version 2 (one chunk), so
 * logs 3, 4 and 5 follow it; `tamper` then changes the raw database.
 */
async function damagedStore(tamper: (db: Db) => Promise<void>): Promise<string> {
  const path = storeDir();
  const chain = new Chain(NS);
  const store = await StateLogStore.open(path, { namespace: NS });
  for (let v = 0; v < 6; v++) {
    const changes: [Uint8Array, Uint8Array | null][] = [account(v), account(v + 10, v)];
    if (v === 4) changes.push([account(1)[0], null]);
    const s = await chain.step(changes);
    await store.append(s.version, s.root, s.log);
    if (v === 2) await store.snapshot(s.version, s.root, await entriesOf(chain.tree));
  }
  await store.close();
  const db: Db = new ClassicLevel(path, { keyEncoding: 'view', valueEncoding: 'view' });
  await tamper(db);
  await db.close();
  return path;
}

interface Case {
  name: string;
  tamper(db: Db): Promise<void>;
  code: number;
  message: RegExp;
}

const [k1, v1] = account(100);
const [k2, v2] = account(101);

const cases: Case[] = [
  {
    name: 'garbage bytes',
    tamper: (db) => db.put(logKey(4), Uint8Array.of(0xde, 0xad, 0xbe, 0xef)),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /log record of version 4/,
  },
  {
    name: 'truncated record',
    tamper: async (db) => db.put(logKey(4), (await db.get(logKey(4)))!.subarray(0, -3)),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /log record of version 4/,
  },
  {
    name: 'trailing bytes',
    tamper: async (db) => db.put(logKey(3), Uint8Array.of(...(await db.get(logKey(3)))!, 0)),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /log record of version 3/,
  },
  {
    name: 'record of another version under this key',
    tamper: async (db) => db.put(logKey(4), (await db.get(logKey(5)))!),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /version 4 holds version 5/,
  },
  {
    name: 'log not sorted',
    tamper: (db) =>
      edit(db, logKey(4), {
        log: [
          [k2, v2],
          [k1, v1],
        ],
      }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /version 4: entry 1 is not after/,
  },
  {
    name: 'log repeats a key',
    tamper: (db) =>
      edit(db, logKey(4), {
        log: [
          [k1, v1],
          [k1, null],
        ],
      }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /entry 1 is not after/,
  },
  {
    name: 'oversized value',
    tamper: (db) => edit(db, logKey(3), { log: [[k1, new Uint8Array(16 * 1024 * 1024 + 1)]] }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /log record of version 3/,
  },
  {
    name: 'root not 32 bytes',
    tamper: (db) => edit(db, logKey(5), { root: new Uint8Array(31) }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /root: expected 32 bytes/,
  },
  {
    name: 'unknown field',
    tamper: (db) => edit(db, logKey(5), { prev: undefined, extra: 1 }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /unexpected field "extra"/,
  },
  {
    name: 'one field too many',
    tamper: (db) => edit(db, logKey(5), { extra: 1 }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /6 fields, at most 5/,
  },
  {
    name: 'required field missing',
    tamper: (db) => edit(db, logKey(5), { root: undefined }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /root: missing required field/,
  },
  {
    name: 'predecessor not before it',
    tamper: (db) => edit(db, logKey(5), { prev: 5 }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /names version 5 as its predecessor/,
  },
  {
    name: 'record of another namespace',
    tamper: (db) => edit(db, logKey(4), { ns: OTHER_NS }),
    code: MkvsError.NAMESPACE_MISMATCH,
    message: /log record of version 4/,
  },
  {
    name: 'a log missing in the middle',
    tamper: (db) => db.del(logKey(4)),
    code: MkvsError.STATE_LOG_GAP,
    message: /version 5 follows version 4, but the store holds version 3/,
  },
  {
    name: 'the first log after the snapshot missing',
    tamper: (db) => db.del(logKey(3)),
    code: MkvsError.STATE_LOG_GAP,
    message: /version 4 follows version 3, but the store holds version 2/,
  },
  {
    name: 'garbage manifest',
    tamper: (db) => db.put(manifestKey(2), Uint8Array.of(0xa0)),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /manifest of version 2/,
  },
  {
    name: 'manifest counting other entries',
    tamper: async (db) =>
      edit(db, manifestKey(2), { entries: ((await get(db, manifestKey(2))).entries as number) + 1 }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /holds 6 entries, its manifest 7/,
  },
  {
    name: 'manifest of another namespace',
    tamper: (db) => edit(db, manifestKey(2), { ns: OTHER_NS }),
    code: MkvsError.NAMESPACE_MISMATCH,
    message: /manifest of version 2/,
  },
  {
    name: 'chunk missing',
    tamper: (db) => db.del(chunkKey(2, 0)),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /chunk 0 of the snapshot of version 2 is missing/,
  },
  {
    name: 'chunk with another index',
    tamper: (db) => edit(db, chunkKey(2, 0), { index: 1 }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /holds chunk 1 of version 2/,
  },
  {
    name: 'chunk holding a removal',
    tamper: (db) => edit(db, chunkKey(2, 0), { entries: [[k1, null]] }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /holds a removal/,
  },
  {
    name: 'chunk not sorted',
    tamper: (db) =>
      edit(db, chunkKey(2, 0), {
        entries: [
          [k2, v2],
          [k1, v1],
        ],
      }),
    code: MkvsError.STATE_LOG_CORRUPT,
    message: /entry 1 is not after/,
  },
];

for (const c of cases) {
  test(`state log, hostile input: ${c.name} → clear error, target untouched`, async () => {
    const path = await damagedStore(c.tamper);
    const store = await StateLogStore.open(path, { namespace: NS });
    const into = new TreeTarget();
    await assert.rejects(store.restore(into), (e: unknown) => {
      assert.ok(e instanceof MkvsError, String(e));
      assert.equal(e.code, c.code, e.message);
      assert.match(e.message, c.message);
      return true;
    });
    assert.equal(into.loads, 0, 'every record is checked before the target is loaded');
    assert.equal(into.logs, 0);
    await store.close();
  });
}

test('state log, hostile input: a recorded root the logs do not reach → COMMIT_MISMATCH naming the version', async () => {
  const path = await damagedStore((db) => edit(db, logKey(4), { root: new Uint8Array(32).fill(1) }));
  const store = await StateLogStore.open(path);
  await assert.rejects(store.restore(new TreeTarget()), (e: unknown) => {
    assert.ok(e instanceof MkvsError && e.code === MkvsError.COMMIT_MISMATCH, String(e));
    assert.match(e.message, /log of version 4/);
    return true;
  });
  await store.close();
  const snap = await damagedStore((db) => edit(db, manifestKey(2), { root: new Uint8Array(32).fill(2) }));
  const again = await StateLogStore.open(snap);
  await assert.rejects(again.restore(new TreeTarget()), /snapshot of version 2/);
  await again.close();
});

test('state log, hostile input: a malformed key is refused at open', async () => {
  const path = await damagedStore((db) => db.put(Uint8Array.of(0x6c, 1, 2, 3), Uint8Array.of(0)));
  await assert.rejects(StateLogStore.open(path), (e: unknown) => {
    assert.ok(e instanceof MkvsError && e.code === MkvsError.STATE_LOG_CORRUPT, String(e));
    assert.match(e.message, /malformed state-log key/);
    return true;
  });
});
