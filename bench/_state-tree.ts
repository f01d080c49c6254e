// Not a benchmark of record: the resident CompactTree alone on N random 22-byte keys, the state
// bench's access pattern without the executor (per transfer: two reads, two writes of 70-byte
// values, in blocks of 300 committed at a new version; no state log). Prints CPU µs per transfer,
// of it the commit's (hashing), and the hashes per block, for comparing tree variants side by side;
// then the parts: the reads (with the bench's own key picking and sort), the writes, and the
// commit's root hash (marking the changed paths and hashing them; the rest of a commit is its
// write log).
// `node dist/bench/_state-tree.js [--keys N] [--blocks B]`
import { CompactTree } from '../src/mkvs/index.js';
import { flag } from './harness.js';

const N = flag('keys', 1_000_000);
const BLOCKS = flag('blocks', 60);
const WARMUP = 10;
const TXS = 300;
let x = 12345;
const rnd = () => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
};
const keys: Uint8Array[] = [];
for (let i = 0; i < N; i++) {
  const k = new Uint8Array(22);
  k[0] = 1;
  for (let j = 1; j < 22; j++) k[j] = rnd() & 0xff;
  keys.push(k);
}
keys.sort((a, b) => Buffer.compare(a, b));
const tree = new CompactTree();
const value = new Uint8Array(70).fill(7);
tree.load(
  keys.map((k) => [k, value] as const),
  0n,
);
tree.rootHash();
const ns = new Uint8Array(32);
const used = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
let all = 0;
let commit = 0;
let reads = 0;
let hashing = 0;
let hashes = 0;
for (let b = 1; b <= BLOCKS; b++) {
  const c0 = used();
  const writes: [Uint8Array, Uint8Array][] = [];
  for (let i = 0; i < TXS; i++) {
    for (const k of [keys[rnd() % N]!, keys[rnd() % N]!]) {
      const v = tree.getNow(k)!.slice();
      v[0] = b;
      writes.push([k, v]);
    }
  }
  writes.sort((p, q) => Buffer.compare(p[0], q[0]));
  const cr = used();
  for (const [k, v] of writes) tree.insertNow(k, v);
  const c1 = used();
  tree.rootHash();
  hashes = tree.lastCommitHashes;
  const ch = used();
  await tree.commit(ns, BigInt(b));
  const c2 = used();
  if (b > WARMUP) {
    all += c2 - c0;
    commit += c2 - c1;
    reads += cr - c0;
    hashing += ch - c1;
  }
}
const n = (BLOCKS - WARMUP) * TXS;
const r2 = (v: number) => Math.round(v * 100) / 100;
console.log(
  JSON.stringify({
    keys: N,
    us_per_transfer: r2(all / n),
    commit_us_per_transfer: r2(commit / n),
    hashes_per_block: hashes,
    reads_us: r2(reads / n),
    writes_us: r2((all - commit - reads) / n),
    root_hash_us: r2(hashing / n),
  }),
);
