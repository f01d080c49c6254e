#!/usr/bin/env node
// `npm run build && node scripts/snapshot-cost.js [keys=1000000] [rounds=3] [order=sorted|random]`
// What a compact state's snapshot costs at a large state: a CompactTree of `keys` entries shaped
// like UED accounts (22-byte keys, 47-byte values) inserted in key order as the state bench's bulk
// load does (`random`: in an order unrelated to the keys', so the tree's nodes and bytes lie
// scattered in memory, as after a long history of random account creation), then the CPU of
// encoding its snapshot the generic way (`encodeSnapshot` over `tree.entries()`), of the tree's
// own chunk source when the build has one, and of a whole `CompactState.adopt` (encode, write,
// manifest), the figure `npm run bench -- state` charges per transfer. Prints one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snap from '../dist/src/mkvs/compact/log-snapshot.js';
import { CompactState, CompactTree } from '../dist/src/mkvs/index.js';

const keys = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 3);
const random = process.argv[4] === 'random';

function key(i) {
  const k = new Uint8Array(22);
  k[0] = 0x61;
  // `random`: spread over the key space by a multiplicative hash of the insertion order.
  new DataView(k.buffer).setUint32(1, random ? Math.imul(i, 2654435761) >>> 0 : i);
  new DataView(k.buffer).setUint32(18, i);
  return k;
}

const value = new Uint8Array(47).fill(9);
const tree = new CompactTree();
for (let i = 0; i < keys; i++) tree.insertNow(key(i), value);
await tree.commit(new Uint8Array(32), 1n);

function cpuMs(f) {
  const c = process.cpuUsage();
  const r = f();
  const { user, system } = process.cpuUsage(c);
  return [(user + system) / 1000, r];
}
const best = (f) => {
  let m = Number.POSITIVE_INFINITY;
  let r;
  for (let i = 0; i < rounds; i++) {
    const [t, x] = cpuMs(f);
    m = Math.min(m, t);
    r = x;
  }
  return [Math.round(m), r];
};

const out = { keys, order: random ? 'random' : 'sorted' };
// The tree's own source first: the generic path leaves ~3 million objects behind, whose
// collection would land in whatever is timed after it.
if (typeof tree.snapshotSource === 'function') {
  const [direct] = best(() => snap.encodeSnapshot(1n, tree.snapshotSource()));
  out.treeEncodeCpuMs = direct;
}
const [generic, enc] = best(() => snap.encodeSnapshot(1n, tree.entries()));
out.genericEncodeCpuMs = generic;
out.chunks = enc.chunks.length;
const dir = mkdtempSync(join(tmpdir(), 'tandem-snapshot-cost-'));
const c = process.cpuUsage();
const state = await CompactState.adopt(join(dir, 'db'), tree);
const u = process.cpuUsage(c);
out.adoptCpuMs = Math.round((u.user + u.system) / 1000);
await state.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(out));
