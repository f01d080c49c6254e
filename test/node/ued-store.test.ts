/**
 * Where the node's UED lives (`ued.store`, ued-store.ts): `auto` is the compact store in async
 * mode without state-sync checkpoints, else the node store; `compact` where it cannot
 * serve is a config error naming why; a data dir whose UED is in the other store is refused; a
 * node on the compact store resumes its chain from its own directory.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  dataDirLayout,
  NodeError,
  openStores,
  parseConfig,
  type StoreOptions,
  uedCutsOf,
  uedStoreOf,
} from '../../src/node/index.js';
import { step, testGenesis } from '../helpers/chain-app.js';

const BASE = 'data_dir: data\ngenesis_file: genesis.json\nkeys_dir: keys\n';
const parse = (extra: string) => parseConfig(`${BASE}${extra}`, 'node.yaml', '/srv');

test('ued.store: auto is compact in async mode without a checkpoint interval, else nodes', () => {
  assert.equal(parse('').ued.store, 'auto');
  assert.equal(uedStoreOf(parse('')), 'compact');
  assert.equal(uedStoreOf(parse('ued:\n  mode: sync\n')), 'nodes');
  assert.equal(uedStoreOf(parse('state_sync:\n  checkpoint_interval: 100\n')), 'nodes');
  assert.equal(uedStoreOf(parse('state_sync:\n  enabled: true\n')), 'compact');
  assert.equal(uedStoreOf(parse('ued:\n  store: nodes\n')), 'nodes');
  assert.equal(uedStoreOf(parse('ued:\n  store: compact\n')), 'compact');
  const cuts = parse(
    'ued:\n  store: compact\nstate_sync:\n  checkpoint_interval: 8\n  checkpoints_kept: 3\n',
  );
  assert.equal(uedStoreOf(cuts), 'compact', 'the worker cuts the checkpoints');
  assert.deepEqual(uedCutsOf(cuts), { uedCheckpoints: { interval: 8n, keep: 3 } });
  assert.deepEqual(uedCutsOf(parse('')), {});
});

test('ued.store: compact with sync mode is a config error naming why', () => {
  const cases: [string, RegExp][] = [
    ['ued:\n  mode: sync\n  store: compact\n', /ued\.store: .*needs ued\.mode async/],
    ['ued:\n  store: leveldb\n', /ued\.store/],
  ];
  for (const [text, re] of cases) {
    assert.throws(
      () => parse(text),
      (e: unknown) => e instanceof NodeError && e.code === NodeError.CONFIG && re.test(e.message),
      text,
    );
  }
  // A config built in code (not parsed) is checked too.
  const c = { ued: { mode: 'sync', store: 'compact' }, state_sync: { checkpoint_interval: 0 } } as const;
  assert.throws(
    () => uedStoreOf(c),
    (e: unknown) => NodeError.is(e, 'node', NodeError.CONFIG),
  );
});

test('ued.store: a node on the compact store resumes from its directory; the other store on its data dir is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-ued-store-'));
  try {
    const genesis = testGenesis(2, { epochInterval: 4n });
    const layout = dataDirLayout(dir);
    const open = (o: StoreOptions) => openStores(layout, genesis, {}, o);
    let s = await open({ uedMode: 'async', uedStore: 'compact' });
    for (let h = 1; h <= 5; h++) await step(s.app, []);
    await s.app.ued.waitFor(5n);
    const hash = s.app.uedLatest().hash;
    await s.close();
    assert.deepEqual(readdirSync(layout.uedCompact).sort(), ['log', 'outcomes']);
    assert.equal(existsSync(layout.uedDb), false, 'no node-store UED');
    for (const o of [
      { uedMode: 'async', uedStore: 'nodes' },
      { uedMode: 'sync', uedStore: 'nodes' },
    ] as StoreOptions[]) {
      await assert.rejects(
        open(o),
        (e: unknown) =>
          NodeError.is(e, 'node', NodeError.UED_STORE_MISMATCH) &&
          /ued-compact .*ued\.store compact/.test(String(e)),
      );
    }
    await assert.rejects(open({ uedMode: 'sync', uedStore: 'compact' }), (e: unknown) =>
      NodeError.is(e, 'node', NodeError.CONFIG),
    );
    s = await open({ uedMode: 'async', uedStore: 'compact' });
    assert.equal(s.app.uedLatest().height, 5n, 'resumed');
    assert.deepEqual(s.app.uedLatest().hash, hash);
    await step(s.app, []);
    await s.app.ued.waitFor(6n);
    await s.close();

    const other = dataDirLayout(join(dir, 'nodes'));
    s = await openStores(other, genesis, {}, { uedMode: 'async', uedStore: 'nodes' });
    await step(s.app, []);
    await s.close();
    await assert.rejects(
      openStores(other, genesis, {}, { uedMode: 'async', uedStore: 'compact' }),
      (e: unknown) =>
        NodeError.is(e, 'node', NodeError.UED_STORE_MISMATCH) && /ued\.store nodes/.test(String(e)),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ued.store: auto keeps the store the data dir already holds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-ued-auto-'));
  try {
    const layout = dataDirLayout(dir);
    assert.equal(uedStoreOf(parse(''), layout), 'compact', 'a fresh data dir takes the default');
    mkdirSync(layout.uedDb, { recursive: true });
    writeFileSync(join(layout.uedDb, 'CURRENT'), 'x');
    assert.equal(uedStoreOf(parse(''), layout), 'nodes', 'a node store from before carries on');
    rmSync(layout.uedDb, { recursive: true });
    mkdirSync(layout.uedCompact, { recursive: true });
    writeFileSync(join(layout.uedCompact, 'x'), 'x');
    const cuts = parse('state_sync:\n  checkpoint_interval: 8\n');
    assert.equal(uedStoreOf(cuts, layout), 'compact', 'the compact store carries on with checkpoints');
    assert.throws(
      () => uedStoreOf(parse('ued:\n  mode: sync\n'), layout),
      (e: unknown) =>
        NodeError.is(e, 'node', NodeError.CONFIG) && /needs ued\.mode async.*holds the UED/.test(String(e)),
      'sync mode cannot use it, and says so',
    );
    assert.equal(uedStoreOf(parse('ued:\n  store: nodes\n'), layout), 'nodes', 'an explicit store wins');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
