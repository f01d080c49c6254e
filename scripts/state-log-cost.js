#!/usr/bin/env node
// `npm run build && node scripts/state-log-cost.js [appends=2000] [snapshotEntries=1000000]`
// What the state log costs: the CPU of appending a block-sized write log (600 entries, keys 22 B,
// values 80 B), the synced records per second, the decode cost per record at restore, and the
// encode, write and read-back of a snapshot of a large state. Prints one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readLogs, readSnapshot } from '../dist/src/mkvs/compact/log-read.js';
import { decodeLogRecord, encodeLogRecord } from '../dist/src/mkvs/compact/log-records.js';
import { encodeSnapshot } from '../dist/src/mkvs/compact/log-snapshot.js';
import { StateLogStore } from '../dist/src/mkvs/index.js';

const appends = Number(process.argv[2] ?? 2000);
const snapshotEntries = Number(process.argv[3] ?? 1_000_000);
const LOG_ENTRIES = 600;

function key(i) {
  const k = new Uint8Array(22);
  k[0] = 0x61;
  new DataView(k.buffer).setUint32(18, i);
  return k;
}

function value(i, salt) {
  const v = new Uint8Array(80).fill(i & 0xff);
  new DataView(v.buffer).setUint32(0, salt);
  return v;
}

/** Version `v`'s log: 600 distinct accounts out of 1,000,000, sorted. */
function blockLog(v) {
  const ids = new Set();
  let x = (v * 7919 + 1) >>> 0;
  while (ids.size < LOG_ENTRIES) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0; // 32-bit LCG
    ids.add(x % 1_000_000);
  }
  return [...ids].sort((a, b) => a - b).map((i) => ({ key: key(i), value: value(i, v) }));
}

const us = (ms, n) => Number(((ms * 1000) / n).toFixed(1));
/** Wall and process CPU milliseconds of `f` (CPU: every thread, the collector's included). */
async function timed(f) {
  const c = process.cpuUsage();
  const w = performance.now();
  const value = await f();
  const { user, system } = process.cpuUsage(c);
  return { wallMs: performance.now() - w, cpuMs: (user + system) / 1000, value };
}
const dir = mkdtempSync(join(tmpdir(), 'tandem-statelog-cost-'));
const out = { appends, logEntries: LOG_ENTRIES, snapshotEntries };
const root = new Uint8Array(32).fill(3);
const ns = new Uint8Array(32).fill(1);

// Logs are built first, so only the store's own work is timed; 64 distinct ones, reused, keep
// the heap (and so the collector's work) near what a node holds.
const distinct = Array.from({ length: 64 }, (_, v) => blockLog(v));
const logs = Array.from({ length: appends }, (_, v) => distinct[v % distinct.length]);
const enc = await timed(() => {
  let bytes = 0;
  for (let v = 0; v < appends; v++)
    bytes += encodeLogRecord({ ns, root, version: BigInt(v), log: logs[v] }).length;
  return bytes;
});
out.encodeCpuUsPerLog = us(enc.cpuMs, appends);
out.recordBytes = Math.round(enc.value / appends);

const store = await StateLogStore.open(join(dir, 'db'), { namespace: ns });
let callMs = 0;
const run = await timed(async () => {
  for (let v = 0; v < appends; v++) {
    const t = performance.now();
    void store.append(BigInt(v), root, logs[v]);
    callMs += performance.now() - t;
    // Blocks arrive one by one: let the writer run between appends.
    if (v % 8 === 7) await new Promise((r) => setImmediate(r));
  }
  await store.flush();
});
out.appendCallUsPerLog = us(callMs, appends);
out.appendProcessCpuUsPerLog = us(run.cpuMs, appends);
out.syncedLogsPerSecond = Math.round((appends * 1000) / run.wallMs);

// Restore's reading and checking of every record (no tree: the target's work is not the store's).
const db = store.db;
const read = await timed(async () => (await readLogs(db, undefined, ns)).length);
out.readLogsCpuUsPerLog = us(read.cpuMs, read.value);
const one = await db.get(new Uint8Array([0x6c, 0, 0, 0, 0, 0, 0, 0, 0]));
const dec = await timed(() => {
  for (let i = 0; i < 500; i++) decodeLogRecord(one, 0n, ns);
});
out.decodeCpuUsPerLog = us(dec.cpuMs, 500);

// A snapshot of a large state: encode (synchronous, in the call), write, read back.
const entries = Array.from({ length: snapshotEntries }, (_, i) => [key(i), value(i, 0)]);
const last = BigInt(appends - 1);
const snapEnc = await timed(() => encodeSnapshot(last, entries));
out.snapshotEncodeCpuMs = Math.round(snapEnc.cpuMs);
out.snapshotChunks = snapEnc.value.chunks.length;
const snapAll = await timed(() => store.snapshot(last, root, entries));
out.snapshotWallMs = Math.round(snapAll.wallMs);
out.snapshotCpuMs = Math.round(snapAll.cpuMs);
const snapRead = await timed(() => readSnapshot(db, ns));
out.snapshotReadWallMs = Math.round(snapRead.wallMs);
out.snapshotReadCpuMs = Math.round(snapRead.cpuMs);
out.snapshotReadEntries = snapRead.value.entries.length;
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(out));
