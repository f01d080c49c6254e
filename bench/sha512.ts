// `npm run bench -- sha512 [--rounds N]`: the SHA-512 block function in WebAssembly, the current
// module (SIMD message schedule) against the previous scalar one, both through the same wrapper
// in one run, next to node:crypto (OpenSSL) on a large buffer as the machine's native rate.
import { createHash, hash as oneShot } from 'node:crypto';
import { inPlaceHasher } from '../src/common/index.js';
import { hasherOver, SHA512_K } from '../src/common/sha512-wasm.js';
import { oldShaInstance } from './_sha512-old-module.js';
import { cpuNs, flag, interleaved, printJson } from './harness.js';

const rounds = flag('rounds', 25);
const cur = inPlaceHasher;
const oldLayout = { K: 0, W: 640, H: 1280, OUT: 1344, IV: 1408, MSG: 2048 };
const old = hasherOver(oldShaInstance(oldLayout, SHA512_K), oldLayout);
if (cur === undefined || old === undefined) throw new Error('bench setup: a WebAssembly hasher is missing');

// A 100-byte preimage (an MKVS internal node with a one-byte label): one block with padding.
const pre = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff);
cur.msg.set(pre);
old.msg.set(pre);
cur.run(100);
old.run(100);
if (Buffer.from(cur.out).toString('hex') !== oneShot('sha512-256', pre, 'hex'))
  throw new Error('bench setup: the digests differ');
if (Buffer.from(old.out).toString('hex') !== oneShot('sha512-256', pre, 'hex'))
  throw new Error('bench setup: the old module digests differently');

// node:crypto over 1 MiB: its per-call cost is spread over 8,192 blocks (ops/s × 8,192 = blocks/s).
const BIG_BLOCKS = 8192;
const big = new Uint8Array(BIG_BLOCKS * 128).fill(0x5a);

const r = interleaved(
  {
    cur_1: () => cur.compress(1),
    old_1: () => old.compress(1),
    cur_4: () => cur.compress(4),
    old_4: () => old.compress(4),
    cur_run100: () => cur.run(100),
    old_run100: () => old.run(100),
    node_run100: () => oneShot('sha512-256', pre, 'buffer'),
    node_1mib: () => createHash('sha512').update(big).digest(),
  },
  rounds,
  80, // short rounds, many of them: on a shared machine each contender needs one quiet window
  cpuNs, // process CPU time: on a shared machine the process is often off the CPU mid-round
);

/** Nanoseconds per block from a rate of calls of `blocks` blocks each. */
const nsPerBlock = (opsPerS: number, blocks: number) => Math.round((1e9 / opsPerS / blocks) * 10) / 10;
const ns = {
  cur_1: nsPerBlock(r.cur_1!, 1),
  old_1: nsPerBlock(r.old_1!, 1),
  cur_4: nsPerBlock(r.cur_4!, 4),
  old_4: nsPerBlock(r.old_4!, 4),
  cur_run100: nsPerBlock(r.cur_run100!, 1),
  old_run100: nsPerBlock(r.old_run100!, 1),
  node_run100: nsPerBlock(r.node_run100!, 1),
  node_1mib: nsPerBlock(r.node_1mib!, BIG_BLOCKS),
};
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
console.log(`SHA-512 block function, CPU ns per 128-byte block (best of ${rounds} interleaved rounds)`);
console.log(`                    current   old (scalar)   old ÷ current`);
const row = (label: string, c: number, o: number) =>
  console.log(`${label.padEnd(20)}${String(c).padStart(7)}   ${String(o).padStart(12)}   ${ratio(o, c)}`);
row('compress(1)', ns.cur_1, ns.old_1);
row('compress(4)', ns.cur_4, ns.old_4);
row('run(100 bytes)', ns.cur_run100, ns.old_run100);
console.log(`node:crypto sha512-256 of 100 bytes, one-shot: ${ns.node_run100} ns`);
console.log(
  `node:crypto sha512 over 1 MiB: ${ns.node_1mib} ns/block (${ratio(128, ns.node_1mib)} bytes/ns); ` +
    `current compress(4) ÷ that: ${ratio(ns.cur_4, ns.node_1mib)}, old: ${ratio(ns.old_4, ns.node_1mib)}`,
);
printJson({
  ns_per_block: ns,
  speedup_1_block: ratio(ns.old_1, ns.cur_1),
  speedup_4_blocks: ratio(ns.old_4, ns.cur_4),
  speedup_run100: ratio(ns.old_run100, ns.cur_run100),
  cur_vs_native: ratio(ns.cur_4, ns.node_1mib),
  old_vs_native: ratio(ns.old_4, ns.node_1mib),
});
