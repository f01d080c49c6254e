/**
 * State-sync checkpoints of a UED on the compact store: the worker cuts the tree of every
 * checkpoint height into its own node database, readable through `node` as the node store's
 * trees are (same entries, same roots); older cuts are pruned; a restarted worker cuts again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { FetchedNodeReader, WorkerUedRunner } from '../../src/domains/index.js';
import { Tree } from '../../src/mkvs/index.js';
import { testGenesis } from '../helpers/chain-app.js';
import { recordUedJobs } from '../helpers/ued-jobs.js';
import { track } from '../helpers/ued-worker.js';

const genesis = testGenesis(3, { users: 6, epochInterval: 4n });
const tmp = () => mkdtempSync(join(tmpdir(), 'tandem-ued-cut-'));

/** 13 heights of random blocks run by an inline app: the jobs and their outcomes. */
const reference = () => recordUedJobs(genesis, 11, 13);

/** Every entry of the tree at `root` read through a worker's nodes, as text. */
async function entriesAt(w: WorkerUedRunner, root: Uint8Array): Promise<string[]> {
  const t = new Tree({ db: new FetchedNodeReader((h) => w.nodeBytes(h)), rootHash: root });
  const out: string[] = [];
  const it = t.iterator();
  for (await it.seek(new Uint8Array(0)); it.valid; await it.next())
    out.push(`${toHex(it.key!)}=${toHex(it.value!)}`);
  return out;
}

test('ued compact store: the worker cuts checkpoint trees with the node store entries and roots, prunes old cuts, cuts again after a restart', async () => {
  const ref = await reference();
  const dir = tmp();
  const checkpoints = { interval: 4n, keep: 1 };
  const nodes = track(await WorkerUedRunner.start({ genesis, dbPath: tmp() }));
  const comp = track(await WorkerUedRunner.start({ genesis, dbPath: dir, store: 'compact', checkpoints }));
  for (const { job } of ref.slice(0, 8)) await Promise.all([nodes.run(job), comp.run(job)]);
  for (const h of [4, 8]) {
    const root = ref[h - 1]!.out.stateRoot;
    const want = await entriesAt(nodes, root);
    assert.ok(want.length > 10);
    assert.deepEqual(await entriesAt(comp, root), want, `cut of height ${h}`);
  }
  assert.equal(await comp.nodeBytes(ref[2]!.out.stateRoot), null, 'no cut between checkpoint heights');
  await comp.close();
  const again = track(
    await WorkerUedRunner.start({
      genesis,
      dbPath: dir,
      store: 'compact',
      checkpoints,
      resume: { height: 6n, hash: ref[5]!.out.domainHash, root: ref[5]!.out.stateRoot },
    }),
  );
  assert.notEqual(await again.nodeBytes(ref[7]!.out.stateRoot), null, 'the cut of 8 kept across the restart');
  for (const { job } of ref.slice(6))
    await Promise.all([job.height > 8n ? nodes.run(job) : null, again.run(job)]);
  const root12 = ref[11]!.out.stateRoot;
  assert.deepEqual(
    await entriesAt(again, root12),
    await entriesAt(nodes, root12),
    'cut of 12 after the restart',
  );
  assert.equal(await again.nodeBytes(ref[3]!.out.stateRoot), null, 'the cut of 4 pruned (keep 1)');
  await Promise.all([nodes.close(), again.close()]);
});
