// `npm run bench -- mkvs [--keys N] [--big N]`: Tandem's MKVS next to @ethereumjs/trie on the same
// workload in one process (insert N random 32-byte keys with 32-byte values then compute the
// root; N random gets; 1,000 proofs built and verified), in memory for both and on LevelDB for
// Tandem; then a large tree on LevelDB with a bounded cache (peak RSS, commit keys/s, hashes per
// insert). Ends with one JSON line.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Trie } from '@ethereumjs/trie';
import { buildGetProof, LevelNodeDB, Tree, verifyProof } from '../src/mkvs/index.js';
import { printJson } from './harness.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('keys', 100_000);
const BIG = arg('big', 1_000_000);
const BIG_BATCH = arg('batch', 25_000);
const BIG_CACHE = arg('cache', 50_000);
// The node runs with a bounded V8 heap (as a deployment would); without it V8 grows lazily.
const BIG_HEAP = arg('heap-mib', 256);
// Open LevelDB tables are memory-mapped: a node on a budget bounds them like its caches.
const BIG_OPEN_FILES = arg('open-files', 100);
const PROOFS = 1000;
const NS = new Uint8Array(32).fill(1);

// Deterministic pseudo-random bytes (xorshift), the same for both contenders.
let s = 0x9e3779b9;
function rnd32(): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i += 4) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
    out[i + 1] = (s >>> 8) & 0xff;
    out[i + 2] = (s >>> 16) & 0xff;
    out[i + 3] = (s >>> 24) & 0xff;
  }
  return out;
}
// The big-tree child does not need the small workload's arrays (they would count in its RSS).
const SMALL = process.argv.includes('--only-big') ? 0 : N;
const keys = Array.from({ length: SMALL }, rnd32);
const values = Array.from({ length: SMALL }, rnd32);
const order = Array.from({ length: SMALL }, (_, i) => (i * 7919) % N);

const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const rate = (n: number, sec: number) => Math.round(n / sec);
let peakRss = 0;
let peakAnon = 0;
let peakFile = 0;
// RSS split from /proc: LevelDB maps its table files read-only, so part of the RSS is file-backed
// page cache the kernel can drop; the anonymous part is the process's own memory.
const statusKiB = (text: string, field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (process.platform !== 'linux') return;
  const st = readFileSync('/proc/self/status', 'utf8');
  // VmHWM is the kernel's own high-water mark, so a peak between two samples is not missed.
  peakRss = Math.max(peakRss, statusKiB(st, 'VmHWM') * 1024);
  peakAnon = Math.max(peakAnon, statusKiB(st, 'RssAnon') * 1024);
  peakFile = Math.max(peakFile, statusKiB(st, 'RssFile') * 1024);
};
const mib = (b: number) => Math.round(b / 2 ** 20);

async function tandemMemory() {
  let t0 = process.hrtime.bigint();
  const tree = new Tree();
  for (let i = 0; i < N; i++) await tree.insert(keys[i]!, values[i]!);
  tree.rootHash();
  const insert = rate(N, secs(t0));
  await tree.commit(NS, 1n);
  t0 = process.hrtime.bigint();
  for (const i of order) await tree.get(keys[i]!);
  const get = rate(N, secs(t0));
  t0 = process.hrtime.bigint();
  const root = tree.rootHash();
  for (let i = 0; i < PROOFS; i++) verifyProof(root, await buildGetProof(tree, keys[order[i]!]!, 1));
  const proof = rate(PROOFS, secs(t0));
  return { insert, get, proof };
}

async function ethereumjs() {
  let t0 = process.hrtime.bigint();
  const trie = await Trie.create();
  for (let i = 0; i < N; i++) await trie.put(keys[i]!, values[i]!);
  trie.root();
  const insert = rate(N, secs(t0));
  t0 = process.hrtime.bigint();
  for (const i of order) await trie.get(keys[i]!);
  const get = rate(N, secs(t0));
  t0 = process.hrtime.bigint();
  const root = trie.root();
  for (let i = 0; i < PROOFS; i++) {
    const k = keys[order[i]!]!;
    await trie.verifyProof(root, k, await trie.createProof(k));
  }
  const proof = rate(PROOFS, secs(t0));
  return { insert, get, proof };
}

async function tandemLevel(dir: string) {
  const db = await LevelNodeDB.open(join(dir, 'small'), { cacheNodes: 50_000 });
  let t0 = process.hrtime.bigint();
  const tree = new Tree({ db });
  for (let i = 0; i < N; i++) await tree.insert(keys[i]!, values[i]!);
  const root = await tree.commit(NS, 1n);
  const insertCommit = rate(N, secs(t0));
  const reader = new Tree({ db, rootHash: root });
  t0 = process.hrtime.bigint();
  for (const i of order) await reader.get(keys[i]!);
  const get = rate(N, secs(t0));
  await db.close();
  return { insertCommit, get };
}

async function bigLevel(dir: string) {
  const db = await LevelNodeDB.open(join(dir, 'big'), {
    cacheNodes: BIG_CACHE,
    // The budget run keeps to decoded objects, as it was measured (no compact node cache).
    cacheBytes: 0,
    // A node with a memory budget sizes LevelDB's own caches down too.
    blockCacheBytes: 8 * 1024 * 1024,
    writeBufferBytes: 4 * 1024 * 1024,
    maxOpenFiles: BIG_OPEN_FILES,
  });
  const tree = new Tree({ db });
  const batch = BIG_BATCH;
  let hashes = 0;
  let commitSec = 0;
  let inserted = 0;
  const t0 = process.hrtime.bigint();
  for (let v = 1; inserted < BIG; v++) {
    const n = Math.min(batch, BIG - inserted);
    for (let i = 0; i < n; i++) {
      await tree.insert(rnd32(), rnd32());
      if ((i & 0x3fff) === 0) sampleRss();
    }
    inserted += n;
    const c0 = process.hrtime.bigint();
    await tree.commit(NS, BigInt(v));
    commitSec += secs(c0);
    hashes += tree.lastCommitHashes;
    sampleRss();
  }
  const total = secs(t0);
  sampleRss();
  await db.close();
  return {
    keys: inserted,
    keysPerSec: rate(inserted, total),
    commitKeysPerSec: rate(inserted, commitSec),
    hashesPerInsert: hashes / inserted,
  };
}

/** The big-tree run goes in its own process so its RSS is not inflated by the other phases. */
type BigResult = Awaited<ReturnType<typeof bigLevel>> & {
  peakRssMib: number;
  peakAnonMib: number;
  peakFileMib: number;
};

function bigInChild(): Promise<BigResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const p = spawn(
      process.execPath,
      [
        // The budget the standalone figures were measured with; without it V8 grows its heap lazily.
        `--max-old-space-size=${BIG_HEAP}`,
        fileURLToPath(import.meta.url),
        '--only-big',
        '--big',
        String(BIG),
        '--batch',
        String(BIG_BATCH),
        '--cache',
        String(BIG_CACHE),
        '--open-files',
        String(BIG_OPEN_FILES),
      ],
      {
        env,
      },
    );
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.pipe(process.stderr);
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`big run exited ${code}`)),
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-mkvs-'));
if (process.argv.includes('--only-big')) {
  const big = await bigLevel(dir);
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({ ...big, peakRssMib: mib(peakRss), peakAnonMib: mib(peakAnon), peakFileMib: mib(peakFile) })}\n`,
  );
  process.exit(0);
}
try {
  console.log(`MKVS benchmark: ${N} random 32-byte keys/values, ${PROOFS} proofs; big tree ${BIG} keys`);
  const eth = await ethereumjs();
  sampleRss();
  const mem = await tandemMemory();
  sampleRss();
  const lvl = await tandemLevel(dir);
  const big = await bigInChild();
  const r = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  console.log(
    `insert+root ops/s   tandem(memory) ${mem.insert}   @ethereumjs/trie ${eth.insert}   ratio ${r(mem.insert, eth.insert)}`,
  );
  console.log(
    `get ops/s           tandem(memory) ${mem.get}   @ethereumjs/trie ${eth.get}   ratio ${r(mem.get, eth.get)}`,
  );
  console.log(
    `proof build+verify  tandem(memory) ${mem.proof}/s   @ethereumjs/trie ${eth.proof}/s   ratio ${r(mem.proof, eth.proof)}`,
  );
  console.log(`LevelDB (tandem)    insert+commit ${lvl.insertCommit}/s   get ${lvl.get}/s`);
  console.log(
    `${big.keys} keys on LevelDB (commit every ${BIG_BATCH}, ${BIG_CACHE}-node cache): ${big.keysPerSec} keys/s overall, commit ${big.commitKeysPerSec} keys/s, ` +
      `${big.hashesPerInsert.toFixed(2)} hashes/insert, peak RSS ${big.peakRssMib} MiB ` +
      `(anonymous ${big.peakAnonMib} MiB, file-backed LevelDB maps ${big.peakFileMib} MiB; V8 heap cap ${BIG_HEAP} MiB, ${BIG_OPEN_FILES} open LevelDB tables)`,
  );
  printJson({
    keys: N,
    tandem_insert_root_per_s: mem.insert,
    ethereumjs_insert_root_per_s: eth.insert,
    insert_root_ratio: r(mem.insert, eth.insert),
    tandem_get_per_s: mem.get,
    ethereumjs_get_per_s: eth.get,
    get_ratio: r(mem.get, eth.get),
    tandem_proof_per_s: mem.proof,
    ethereumjs_proof_per_s: eth.proof,
    proof_ratio: r(mem.proof, eth.proof),
    level_insert_commit_per_s: lvl.insertCommit,
    level_get_per_s: lvl.get,
    big_keys: big.keys,
    big_keys_per_s: big.keysPerSec,
    commit_keys_per_s: big.commitKeysPerSec,
    hashes_per_insert: Math.round(big.hashesPerInsert * 100) / 100,
    peak_rss_mib_1m: big.peakRssMib,
    peak_anon_mib_1m: big.peakAnonMib,
    peak_file_mib_1m: big.peakFileMib,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
