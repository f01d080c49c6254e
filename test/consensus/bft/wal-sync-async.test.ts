// FileWal.syncAsync: records written before it replay after a reopen; with nothing written it is
// a no-op; a record written while it runs is synced by the next one; a closed log refuses it.
// Also the slot file store's asynchronous save with small and large records.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import { BftError, FileWal, SlotFileStore } from '../../../src/consensus/bft/index.js';

const rec = (i: number) => new Uint8Array(30).fill(i);

test('syncAsync makes written records durable; a write during it needs the next sync', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-wals-'));
  const w = FileWal.open(dir);
  await w.syncAsync(); // nothing written
  w.write(rec(1));
  const s = w.syncAsync();
  w.write(rec(2)); // may miss the sync in flight
  await s;
  await w.syncAsync();
  w.close();
  assert.deepEqual(FileWal.open(dir).replay().map(toHex), [rec(1), rec(2)].map(toHex));
  await assert.rejects(
    w.syncAsync(),
    (e: unknown) => e instanceof BftError && e.code === BftError.STORE_CLOSED,
  );
});

test('SlotFileStore.saveAsync: small and large records alternate slots and load back after a restart', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'tandem-slota-')), 'state');
  const s = new SlotFileStore(path);
  const small = new Uint8Array(100).fill(1);
  const large = new Uint8Array(50_000).fill(2);
  await s.saveAsync(small);
  await s.saveAsync(large);
  assert.equal(toHex(new SlotFileStore(path).load()!), toHex(large));
  await s.saveAsync(small);
  s.close();
  assert.equal(toHex(new SlotFileStore(path).load()!), toHex(small));
});
