// Not a benchmark of record: two builds' CompactTree side by side in one process, block by block
// in turn (which goes first alternates), so both see the same machine load, for a change whose
// gain is smaller than the state bench's run-to-run swing. Each tree holds the same N keys shaped
// like account keys (a prefix byte and 32 random bytes, 70-byte values); a block reads and then
// writes (in key order, as the block overlay's flush does) a sender from a pool of 1,500 and a
// random receiver per transfer, 300 transfers, then commits. Prints CPU µs per transfer for the
// reads, the writes, the path marking and the rest of the commit (hashing, write log).
// `node dist/bench/_tree-ab.js A_DIR B_DIR [--keys N] [--blocks B]` (each DIR a built checkout)
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompactTree } from '../src/mkvs/index.js';
import { flag } from './harness.js';

const N = flag('keys', 1_000_000);
const BLOCKS = flag('blocks', 60);
const WARMUP = 4;
const TXS = 300;
const SENDERS = 1500;
const dirs = process.argv.slice(2, 4);
if (dirs.length !== 2 || dirs.some((d) => d.startsWith('--'))) throw new Error('bench: give two build dirs');

const cpuNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
const address = (i: number) => createHash('sha256').update(`account ${i}`).digest();
const addresses = Array.from({ length: N }, (_, i) => address(i));
/** A fresh key array per access, as the executor makes them. */
const keyOf = (i: number) => {
  const k = new Uint8Array(33);
  k[0] = 0x61;
  k.set(addresses[i]!, 1);
  return k;
};

interface Side {
  dir: string;
  tree: CompactTree;
  /** The tree's pending path marking (private; called here to time it apart from hashing). */
  mark: () => void;
  ns: { read: number; write: number; mark: number; commit: number };
}
const sides: Side[] = [];
for (const dir of dirs) {
  const url = pathToFileURL(resolve(dir, 'dist/src/mkvs/index.js')).href;
  const mod = (await import(url)) as typeof import('../src/mkvs/index.js');
  const tree = new mod.CompactTree();
  const entries = Array.from({ length: N }, (_, i) => [keyOf(i), new Uint8Array(70).fill(i)] as const);
  entries.sort((a, b) => Buffer.compare(a[0], b[0]));
  tree.load(entries, 0n);
  tree.rootHash();
  const dirty = (tree as unknown as { dirty: { markPaths(): void } }).dirty;
  sides.push({ dir, tree, mark: () => dirty.markPaths(), ns: { read: 0, write: 0, mark: 0, commit: 0 } });
}

let x = 12345;
const rnd = (n: number) => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>> 0) % n;
};
const ns = new Uint8Array(32);
for (let b = 0; b < BLOCKS; b++) {
  const ids: number[] = [];
  for (let j = 0; j < TXS; j++) ids.push(rnd(SENDERS), rnd(N));
  const value = new Uint8Array(70).fill(b + 1);
  const reads = ids.map(keyOf);
  const sorted = ids.map(keyOf).sort(Buffer.compare);
  const roots: string[] = [];
  for (const s of b & 1 ? [sides[1]!, sides[0]!] : sides) {
    const t0 = cpuNs();
    for (const k of reads) s.tree.getNow(k);
    const t1 = cpuNs();
    for (const k of sorted) s.tree.insertNow(k, value);
    const t2 = cpuNs();
    s.mark();
    const t3 = cpuNs();
    roots.push(Buffer.from(await s.tree.commit(ns, BigInt(b + 1))).toString('hex'));
    const t4 = cpuNs();
    if (b < WARMUP) continue;
    s.ns.read += t1 - t0;
    s.ns.write += t2 - t1;
    s.ns.mark += t3 - t2;
    s.ns.commit += t4 - t3;
  }
  // The two builds must agree on every root (a change that speeds this up may not alter hashes).
  if (roots.length === 2 && roots[0] !== roots[1])
    throw new Error(`bench: the builds' roots differ at block ${b + 1}`);
}
const us = (v: number) => Math.round(v / ((BLOCKS - WARMUP) * TXS) / 100) / 10;
for (const s of sides) {
  const { read, write, mark, commit } = s.ns;
  const out = { read: us(read), write: us(write), mark: us(mark), commit: us(commit) };
  console.log(
    JSON.stringify({ dir: s.dir, ...out, total_us_per_transfer: us(read + write + mark + commit) }),
  );
}
