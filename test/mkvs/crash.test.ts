// A child process committing to LevelDB is killed with SIGKILL at random points, many times; the
// database always reopens at the previous or the new version, and that root's tree is intact.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../src/common/index.js';
import { LevelNodeDB, Tree } from '../../src/mkvs/index.js';
import { runAndKill } from '../helpers/kill-child.js';
import { Rng } from '../helpers/rng.js';

const child = new URL('../fixtures/mkvs-crash-child.js', import.meta.url).pathname;

async function verifyIntact(db: LevelNodeDB, version: bigint): Promise<string> {
  const [root] = await db.rootsAt(version);
  assert.ok(root, `root record for version ${version}`);
  const t = new Tree({ db, rootHash: root.hash });
  const it = t.iterator();
  const fresh = new Tree();
  await it.seek(new Uint8Array(0));
  for (; it.valid; await it.next()) await fresh.insert(it.key!, it.value!);
  assert.equal(
    toHex(fresh.rootHash()),
    toHex(root.hash),
    'every node of the root is present and hashes correctly',
  );
  return toHex(root.hash);
}

test('§1.7 crash safety: SIGKILL at random points never leaves a corrupt or partial version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-mkvs-crash-'));
  const r = new Rng(1234);
  let lastSeen = 0n;
  const kills = 25;
  for (let i = 0; i < kills; i++) {
    const lines = await runAndKill(child, [dir, String(100 + i)], 5 + r.int(120), 'committed ');
    const printed = lines.length > 0 ? lines[lines.length - 1]!.split(' ') : undefined;
    const printedVersion = printed ? BigInt(printed[1]!) : lastSeen;
    const db = await LevelNodeDB.open(dir);
    const latest = (await db.latestVersion()) ?? 0n;
    assert.ok(
      latest === printedVersion || latest === printedVersion + 1n,
      `reopened at ${latest}, last printed ${printedVersion}`,
    );
    const rootHex = await verifyIntact(db, latest);
    if (printed && latest === printedVersion) assert.equal(rootHex, printed[2]);
    lastSeen = latest;
    await db.close();
  }
  assert.ok(lastSeen >= BigInt(kills), 'the child made progress across restarts');
});
