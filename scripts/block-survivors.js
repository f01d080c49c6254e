#!/usr/bin/env node
// `node scripts/block-survivors.js [accounts=200000] [blocks=16] [--pretenuring]` (after `npm run build`)
// What outlives a UED block: the state bench's setup on the compact store (`accounts` accounts),
// then blocks of 300 transfers through `executeUed`, each followed by the young-generation
// collection the node makes. Prints the mean new-space bytes that survive that collection and the
// old-generation bytes the next collections promote, per block (the first 4 blocks not counted).
// By default the process starts as the node's command line does (`preferYoungAllocation`);
// `--pretenuring` keeps V8's allocation-site pretenuring on, which is what let ~400 kB of each
// block's dead write set survive (docs/performance.md, "What outlived each block").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectYoung, preferYoungAllocation } from '../dist/src/common/index.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!process.argv.includes('--pretenuring')) preferYoungAllocation();
const { executeUed } = await import('../dist/src/consensus/index.js');
const { admitSenders, makeBlocks } = await import('../dist/bench/_state-blocks.js');
const { buildState, closeState } = await import('../dist/bench/_state-setup.js');

const accounts = Number(args[0] ?? 200_000);
const blocks = Number(args[1] ?? 16);
const WARMUP = 4;
const used = (space) => getHeapSpaceStatistics().find((x) => x.space_name === space).space_used_size;
const dir = mkdtempSync(join(tmpdir(), 'tandem-survivors-'));
try {
  const stores = { ued: 'compact', ved: 'nodes', name: 'node' };
  const s = await buildState(dir, accounts, 2000, 1500, () => {}, undefined, undefined, stores);
  const bs = makeBlocks(s, s.ued.accounts, 1, blocks, 300);
  admitSenders(s, bs);
  // The block runs in its own frame, so nothing of it is left on this one's stack.
  const run = async (h, time) => {
    const block = {
      height: BigInt(h),
      timeMs: time + 400n,
      parentTimeMs: time,
      parentHash: s.ued.parentHash,
      txs: bs[h - 1].txs,
    };
    const r = await executeUed({
      params: s.params,
      vedSet: s.vedSet,
      services: s.services,
      tree: s.ued.tree,
      block,
    });
    s.ued.parentHash = r.domainHash;
  };
  let survived = 0;
  let promoted = 0;
  let time = s.timeMs;
  for (let h = 1; h <= blocks; h++) {
    await run(h, time);
    collectYoung();
    const young = used('new_space');
    const old = used('old_space');
    collectYoung();
    collectYoung();
    if (h > WARMUP) {
      survived += young;
      promoted += Math.max(0, used('old_space') - old);
    }
    time += 400n;
  }
  await closeState(s);
  const n = blocks - WARMUP;
  const pretenuring = process.argv.includes('--pretenuring');
  const out = {
    accounts,
    blocks: n,
    pretenuring,
    survived_bytes_per_block: Math.round(survived / n),
    promoted_bytes_per_block: Math.round(promoted / n),
  };
  console.log(JSON.stringify(out));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
