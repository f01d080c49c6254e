// Not a benchmark (the leading `_` keeps it out of `npm run bench`): the ceiling that the MKVS
// design puts on `npm run bench -- state`'s UED ratio on this machine.
//   node dist/bench/_state-floor.js [--accounts N] [--blocks B] [--txs T] [--rounds R]
// It runs the state bench's UED blocks (same state, same transfers) and keeps each block's commit.
// Then, interleaved over R rounds, it times on the measured blocks: the raw verification (the
// bench's denominator), recomputing every committed node's hash from its fields (the Merkle work
// a block's UED hash needs), and writing the same nodes into LevelDB (unsynced, the cheaper of a
// chained and an array batch; synced as a node commits, for reference). The ceiling is
// verify ÷ (verify + hashing + unsynced writes): the ratio the bench could reach if decoding,
// reads, the transfer itself, receipts, events and GC cost nothing at all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { executeUed } from '../src/consensus/index.js';
import { encodeNode, internalHash, leafHash, type Node, ptrHash } from '../src/mkvs/index.js';
import { fastPutter } from '../src/mkvs/nodedb/level-batch.js';
import { admitSenders, type BenchBlock, makeBlocks, rawVerify } from './_state-blocks.js';
import { buildState, closeState } from './_state-setup.js';
import { flag, fmt, printJson } from './harness.js';

const ACCOUNTS = flag('accounts', 1_000_000);
const BLOCKS = flag('blocks', 12);
const TXS = flag('txs', 300);
const ROUNDS = flag('rounds', 5);
const WARMUP = Math.min(4, BLOCKS - 1);
const SENDERS = Math.min(1500, Math.floor(ACCOUNTS / 4));
const VED_ACCOUNTS = Math.max(SENDERS, Math.min(50_000, Math.floor(ACCOUNTS / 20)));

/** Recompute each node's hash from its fields (children first, as committed); checks each. */
function rehash(nodes: readonly Node[]): void {
  for (const n of nodes) {
    const h =
      n.type === 0
        ? leafHash(n.key, n.value)
        : internalHash(n.label, n.labelBits, ptrHash(n.leaf), ptrHash(n.left), ptrHash(n.right));
    if (Buffer.compare(h, n.hash!) !== 0) throw new Error('bench: a recomputed node hash differs');
  }
}

type Db = ClassicLevel<Uint8Array, Uint8Array>;

/** Put the nodes (key = hash, value = full encoding) into `db` in one chained batch (the node's way). */
async function write(db: Db, nodes: readonly Node[], sync: boolean): Promise<void> {
  const b = db.batch();
  for (const n of nodes) b.put(n.hash!, encodeNode(n, 'full'));
  await b.write({ sync });
}

/**
 * The put split: a chained batch filled through abstract-level's public `put` or the
 * implementation's `_put` (the node database's way since stateperf4), timing the filling (main
 * thread: wrapper JS plus the native copy into LevelDB's batch) apart from the write (LevelDB).
 */
async function writeSplit(
  db: Db,
  nodes: readonly Node[],
  direct: boolean,
  t: { fill: number; write: number },
) {
  const encs = nodes.map((n) => encodeNode(n, 'full'));
  let t0 = process.hrtime.bigint();
  const b = db.batch();
  const put = direct ? fastPutter(db, b) : (k: Uint8Array, v: Uint8Array) => void b.put(k, v);
  for (let i = 0; i < nodes.length; i++) put(nodes[i]!.hash!, encs[i]!);
  b.put(Uint8Array.of(0), Uint8Array.of(0));
  t.fill += ms(t0);
  t0 = process.hrtime.bigint();
  await b.write();
  t.write += ms(t0);
}

/** The same as one array batch (one native call for the whole block). */
async function writeArray(db: Db, nodes: readonly Node[]): Promise<void> {
  await db.batch(nodes.map((n) => ({ type: 'put' as const, key: n.hash!, value: encodeNode(n, 'full') })));
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-floor-'));
const log = (m: string) => console.log(`[${(performance.now() / 1000).toFixed(1)}s] ${m}`);
try {
  const s = await buildState(dir, ACCOUNTS, VED_ACCOUNTS, SENDERS, log);
  const blocks = makeBlocks(s, s.ued.accounts, 1, BLOCKS, TXS);
  admitSenders(s, blocks);
  const commits: Node[][] = [];
  const db = s.ued.db as unknown as { commit: (b: { nodes: readonly Node[] }) => Promise<void> };
  const commit = db.commit.bind(db);
  db.commit = (b) => {
    commits.push([...b.nodes]);
    return commit(b);
  };
  let time = s.timeMs;
  let execMs = 0;
  for (let h = 1; h <= BLOCKS; h++) {
    const t0 = process.hrtime.bigint();
    const u = await executeUed({
      params: s.params,
      vedSet: s.vedSet,
      services: s.services,
      tree: s.ued.tree,
      block: {
        height: BigInt(h),
        timeMs: time + 400n,
        parentTimeMs: time,
        parentHash: s.ued.parentHash,
        txs: blocks[h - 1]!.txs,
      },
    });
    if (h > WARMUP) execMs += ms(t0);
    if (u.receipts.some((x) => x.receipt.status !== 0)) throw new Error('bench: a transfer failed');
    s.ued.parentHash = u.domainHash;
    time += 400n;
  }
  await closeState(s);
  if (commits.length !== BLOCKS) throw new Error(`bench: ${commits.length} commits for ${BLOCKS} blocks`);
  log(`executed ${BLOCKS} UED blocks; timing the floor over ${ROUNDS} rounds`);
  const measured = commits.slice(WARMUP);
  const mBlocks: BenchBlock[] = blocks.slice(WARMUP);
  const out = new ClassicLevel<Uint8Array, Uint8Array>(join(dir, 'floor'), {
    keyEncoding: 'view',
    valueEncoding: 'view',
  });
  await out.open();
  const t = { verify: 0, hash: 0, chained: 0, array: 0, sync: 0 };
  const pub = { fill: 0, write: 0 };
  const dir2 = { fill: 0, write: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < measured.length; i++) {
      let t0 = process.hrtime.bigint();
      rawVerify(s, mBlocks[i]!);
      t.verify += ms(t0);
      t0 = process.hrtime.bigint();
      rehash(measured[i]!);
      t.hash += ms(t0);
      t0 = process.hrtime.bigint();
      await write(out, measured[i]!, false);
      t.chained += ms(t0);
      t0 = process.hrtime.bigint();
      await writeArray(out, measured[i]!);
      t.array += ms(t0);
      t0 = process.hrtime.bigint();
      await write(out, measured[i]!, true);
      t.sync += ms(t0);
      const order = (r + i) % 2 === 0;
      await writeSplit(out, measured[i]!, !order, order ? pub : dir2);
      await writeSplit(out, measured[i]!, order, order ? dir2 : pub);
    }
  }
  await out.close();
  const txs = ROUNDS * measured.length * TXS;
  const us = (x: number, n = txs) => Math.round((x * 1000 * 10) / n) / 10;
  const nodes = measured.reduce((a, c) => a + c.length, 0) / (measured.length * TXS);
  const f = {
    verify: us(t.verify),
    hash: us(t.hash),
    write: us(Math.min(t.chained, t.array)),
    sync: us(t.sync),
  };
  const exec = us(execMs, measured.length * TXS);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const ceiling = r3(f.verify / (f.verify + f.hash + f.write));
  console.log(
    `${fmt(ACCOUNTS)} accounts, ${TXS} transfers per block, ${measured.length} measured blocks, ${ROUNDS} rounds`,
  );
  console.log(`committed nodes per transfer ${nodes.toFixed(1)} (each hashed once and written once)`);
  console.log(
    `µs per transfer: raw verify ${f.verify}, node hashing ${f.hash}, node writes ${f.write} (chained batch ${us(t.chained)}, array batch ${us(t.array)}, synced ${f.sync})`,
  );
  console.log(`executeUed ${exec} µs per transfer: ratio ${r3(f.verify / exec)}`);
  const perNode = (x: number) => Math.round((x * 1e6) / (nodes * txs)) / 1000;
  console.log(
    `put split, µs per node: filling the batch through put ${perNode(pub.fill)} (then its write ${perNode(pub.write)}), through _put ${perNode(dir2.fill)} (write ${perNode(dir2.write)})`,
  );
  console.log(
    `ceiling (verify ÷ (verify + hashing + unsynced writes)) ${ceiling}; hashing alone ${r3(f.verify / (f.verify + f.hash))}`,
  );
  printJson({
    accounts: ACCOUNTS,
    nodes_per_transfer: Math.round(nodes * 10) / 10,
    verify_us: f.verify,
    node_hash_us: f.hash,
    node_write_us: f.write,
    node_write_synced_us: f.sync,
    put_fill_public_us_per_node: perNode(pub.fill),
    put_fill_direct_us_per_node: perNode(dir2.fill),
    batch_write_us_per_node: perNode((pub.write + dir2.write) / 2),
    execute_ued_us: exec,
    ued_ratio: r3(f.verify / exec),
    ceiling_ratio: ceiling,
    ceiling_ratio_hash_only: r3(f.verify / (f.verify + f.hash)),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
