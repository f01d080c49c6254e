/**
 * `tandem localnet` runs the real chain: 4 validators (BFT driver over ChainApp, LevelDB trees)
 * decide blocks and print them, and a restart with the same --dir continues the chain
 * (test/node/localnet.test.ts drives it in process: transfers, no fork after a restart).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { localnetUserKeyPath } from '../../src/node/index.js';
import { runCli } from '../helpers/cli.js';

const LINE = /^height (\d+) committed \((\d+) txs\) ved ([0-9a-f]{16}) at/gm;

test('localnet: 4 validators decide blocks of the real chain, and a second start continues it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-localnet-'));
  try {
    const a = runCli(
      ['localnet', '--dir', dir, '--blocks', '5', '--epoch-interval', '3', '--api-port', '0'],
      {
        timeoutMs: 60_000,
      },
    );
    assert.equal(a.status, 0, a.stderr);
    const lines = [...a.stdout.matchAll(LINE)];
    assert.deepEqual(
      lines.slice(0, 5).map((m) => Number(m[1])),
      [1, 2, 3, 4, 5],
    );
    assert.equal(new Set(lines.map((m) => m[3])).size, lines.length, 'a VED hash per height');
    const apis = [...a.stdout.matchAll(/^validator (\d) api http:\/\/127\.0\.0\.1:(\d+)\/ ws ws:/gm)];
    assert.deepEqual(
      apis.map((m) => m[1]),
      ['0', '1', '2', '3'],
      'an API endpoint per validator',
    );
    assert.match(a.stdout, /^funded ued accounts \(key files\): \S+ued-0\.pem/m);
    const chain = /^localnet (\S+): 4 validators from height 0,/m.exec(a.stdout)?.[1];
    assert.ok(chain, a.stdout);
    const genesis = readFileSync(join(dir, 'genesis.json'), 'utf8');
    const doc = JSON.parse(genesis);
    assert.equal(doc.chain_id, chain);
    assert.equal(doc.validators.length, 4);
    assert.equal(doc.services.vote.accounts.length, 4, 'a vote account per validator');
    assert.equal(doc.services.staking.delegations.length, 4, 'each validator staked');
    for (const d of ['ued', 'ved'] as const) assert.ok(existsSync(localnetUserKeyPath(dir, d, 0)));

    const b = runCli(['localnet', '--dir', dir, '--blocks', '7', '--no-api'], { timeoutMs: 60_000 });
    assert.equal(b.status, 0, b.stderr);
    assert.doesNotMatch(b.stdout, /^validator \d api/m, '--no-api serves none');
    const at = /^localnet (\S+): 4 validators from height (\d+),/m.exec(b.stdout);
    assert.equal(at?.[1], chain, 'same chain id');
    assert.equal(readFileSync(join(dir, 'genesis.json'), 'utf8'), genesis, 'genesis kept');
    const again = [...b.stdout.matchAll(LINE)].map((m) => Number(m[1]));
    assert.ok(Number(at![2]) >= 5, b.stdout);
    assert.equal(again[0], Number(at![2]) + 1, 'continues from the next height');
    assert.ok(again.includes(7), b.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('localnet: bad arguments are refused with a coded error', () => {
  const r = runCli(['localnet', '--validators', 'many', '--epoch-interval', '1', '--blocks', '1']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /\[cli\/2\]/);
});
