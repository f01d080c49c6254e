/**
 * `tandem node clear-halt --config FILE` (APE-18): deletes the halt record of a stopped node's
 * data directory, says when there was none, clears a damaged record too, refuses while the data
 * directory's LevelDB is held (a running node) and exits non-zero on a bad config.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LevelBlockStore } from '../../src/consensus/bft/index.js';
import { FileHaltStore } from '../../src/domains/index.js';
import { runCli } from '../helpers/cli.js';

/** A config in a fresh directory whose data dir holds a halt record (or `record` bytes). */
function haltedNode(record?: string): { dir: string; config: string; halt: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-clear-halt-'));
  const config = join(dir, 'node.yaml');
  writeFileSync(config, 'data_dir: data\ngenesis_file: genesis.json\nkeys_dir: keys\n');
  mkdirSync(join(dir, 'data', 'state'), { recursive: true });
  const halt = join(dir, 'data', 'state', 'halt.record');
  if (record !== undefined) writeFileSync(halt, record);
  else {
    new FileHaltStore(halt).save({
      height: 4,
      localHash: '00'.repeat(32),
      disagreeingStake: 20_000n,
      totalStake: 40_006n,
      reports: [{ validator: '01'.repeat(32), height: 4, hash: '07'.repeat(32) }],
    });
  }
  return { dir, config, halt };
}

test('APE-18 node clear-halt: the halt record is deleted (exit 0); a second run finds none', () => {
  const n = haltedNode();
  try {
    const r = runCli(['node', 'clear-halt', '--config', n.config]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /halt cleared \(divergence at height 4\)/);
    assert.equal(existsSync(n.halt), false);
    const again = runCli(['node', 'clear-halt', '--config', n.config]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /no halt record/);
  } finally {
    rmSync(n.dir, { recursive: true, force: true });
  }
});

test('APE-18 node clear-halt: a damaged halt record is cleared too', () => {
  const n = haltedNode('{ not json');
  try {
    const r = runCli(['node', 'clear-halt', '--config', n.config]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /unreadable/);
    assert.equal(existsSync(n.halt), false);
  } finally {
    rmSync(n.dir, { recursive: true, force: true });
  }
});

test('node clear-halt: refuses while the data directory is in use, keeping the record', async () => {
  const n = haltedNode();
  const blocks = await LevelBlockStore.open(join(n.dir, 'data', 'blocks'));
  try {
    const r = runCli(['node', 'clear-halt', '--config', n.config]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /is the node running\?.*\[node\/10\]/s);
    assert.equal(existsSync(n.halt), true);
  } finally {
    await blocks.close();
    rmSync(n.dir, { recursive: true, force: true });
  }
});

test('node clear-halt: a bad or missing config exits non-zero and touches nothing', () => {
  const n = haltedNode();
  try {
    writeFileSync(n.config, 'data_dir: data\nbogus: 1\n');
    const r = runCli(['node', 'clear-halt', '--config', n.config]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /\[node\/1\]/);
    assert.equal(existsSync(n.halt), true);
    assert.notEqual(runCli(['node', 'clear-halt']).status, 0);
  } finally {
    rmSync(n.dir, { recursive: true, force: true });
  }
});
