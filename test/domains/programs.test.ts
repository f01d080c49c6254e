import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { accountKey, decodeAccount } from '../../src/consensus/index.js';
import { ChainApp, createPrograms, PROGRAM_NAMES } from '../../src/domains/index.js';
import { LevelNodeDB } from '../../src/mkvs/index.js';
import { addrOf, step, testGenesis, transferTx, user, validatorKeys } from '../helpers/chain-app.js';

test('createPrograms wires system, epochtime, vote, staking, beacon, registry, scheduler and roothash in hook order', () => {
  const p = createPrograms(testGenesis(2));
  assert.deepEqual(
    p.services.map((s) => s.name),
    [...PROGRAM_NAMES],
  );
  assert.deepEqual(p.params.programs.domainsOf('staking'), ['ued']);
  assert.deepEqual(p.params.programs.domainsOf('beacon'), ['ved', 'ued']);
  for (const name of ['registry', 'scheduler', 'roothash']) {
    assert.deepEqual(p.params.programs.domainsOf(name), ['ved', 'ued'], `${name} is a VED program`);
  }
  assert.equal(p.voteParams.minStake, 1_000n);
});

test('ChainApp runs blocks across epoch boundaries with transfers in both domains', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2) });
  const v0 = validatorKeys(0);
  let updates = 0;
  for (let h = 1; h <= 16; h++) {
    const txs = [
      transferTx(app, user(0), BigInt(h - 1), addrOf(user(1)), 5n),
      transferTx(app, v0.authority, BigInt(h - 1), addrOf(v0.feePayer), 7n),
    ];
    const r = await step(app, txs);
    if (r.validatorUpdates) updates++;
  }
  assert.equal(app.committed.height, 16n);
  // Epoch starts at 1, 5, 10, 15: the next membership goes to the engine at 2, 6, 11, 16.
  assert.equal(updates, 4);
  const ued = await app.ued.get(accountKey(addrOf(user(1))));
  assert.equal(decodeAccount(ued!).balance, 1_000_000n + 16n * 5n, 'UED transfers executed');
  const ved = await app.vedTree.get(accountKey(addrOf(v0.feePayer)));
  assert.equal(decodeAccount(ved!).balance, 1_000_000n + 16n * 7n, 'VED transfers executed');
});

test('ChainApp over LevelDB node databases gives the same hashes as in memory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-chainapp-'));
  const dbs = {
    ved: await LevelNodeDB.open(join(dir, 'ved')),
    ued: await LevelNodeDB.open(join(dir, 'ued')),
  };
  const seen: string[][] = [[], []];
  const genesis = testGenesis(2);
  const make = (i: number, nodeDb?: (d: 'ved' | 'ued') => LevelNodeDB) =>
    ChainApp.create({
      genesis,
      ...(nodeDb ? { nodeDb } : {}),
      onCommitted: (c) => seen[i]!.push(`${toHex(c.vedHash)}/${toHex(c.uedHash)}`),
    });
  const disk = await make(0, (d) => dbs[d]);
  const mem = await make(1);
  try {
    for (let h = 1; h <= 12; h++) {
      for (const app of [disk, mem])
        await step(app, [transferTx(app, user(0), BigInt(h - 1), addrOf(user(1)), 1n)]);
    }
    assert.deepEqual(seen[0], seen[1]);
    assert.equal(seen[0]!.length, 12);
  } finally {
    await dbs.ved.close();
    await dbs.ued.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('createPrograms refuses a genesis configuring a runtime program outside the VED', () => {
  const g = testGenesis(1);
  g.services.registry = {};
  g.params.ved_programs = g.params.ved_programs.filter((n) => n !== 'registry');
  assert.throws(() => createPrograms(g), /registry is a VED program/);
});
