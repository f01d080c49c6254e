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
const dir = mkdtempSync(join(tmpdir(), 'tandem-statelog-cost-'));
const out = { appends, logEntries: LOG_ENTRIES, snapshotEntries };
const root = new Uint8Array(32).fill(3);
const ns = new Uint8Array(32).fill(1);

// Logs are built first, so only the store's own work is timed.
const logs = Array.from({ length: appends }, (_, v) => blockLog(v));
let t = performance.now();
let bytes = 0;
for (let v = 0; v < appends; v++)
  bytes += encodeLogRecord({ ns, root, version: BigInt(v), log: logs[v] }).length;
out.encodeOnlyUsPerLog = us(performance.now() - t, appends);
out.recordBytes = Math.round(bytes / appends);

const store = await StateLogStore.open(join(dir, 'db'), { namespace: ns });
const cpu0 = process.cpuUsage();
let callMs = 0;
const wall0 = performance.now();
for (let v = 0; v < appends; v++) {
  t = performance.now();
  void store.append(BigInt(v), root, logs[v]);
  callMs += performance.now() - t;
  // One version per macrotask, as blocks arrive: lets the writer run between appends.
  if (v % 8 === 7) await new Promise((r) => setImmediate(r));
}
await store.flush();
const wallMs = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
out.appendCallUsPerLog = us(callMs, appends);
out.processCpuUsPerLog = us((cpu.user + cpu.system) / 1000, appends);
out.syncedLogsPerSecond = Math.round((appends * 1000) / wallMs);

// Restore's reading and checking of every record (no tree: the target's work is not the store's).
const db = store.db;
t = performance.now();
const read = await readLogs(db, undefined, ns);
out.readAndDecodeUsPerLog = us(performance.now() - t, read.length);
const one = await db.get(new Uint8Array([0x6c, 0, 0, 0, 0, 0, 0, 0, 0]));
t = performance.now();
for (let i = 0; i < 200; i++) decodeLogRecord(one, 0n, ns);
out.decodeOnlyUsPerLog = us(performance.now() - t, 200);

// A snapshot of a large state: encode (synchronous), write, read back.
const entries = Array.from({ length: snapshotEntries }, (_, i) => [key(i), value(i, 0)]);
const last = BigInt(appends - 1);
t = performance.now();
const encoded = encodeSnapshot(last, entries);
out.snapshotEncodeMs = Math.round(performance.now() - t);
out.snapshotChunks = encoded.chunks.length;
t = performance.now();
await store.snapshot(last, root, entries);
out.snapshotTotalMs = Math.round(performance.now() - t);
t = performance.now();
const snap = await readSnapshot(db, ns);
out.snapshotReadMs = Math.round(performance.now() - t);
out.snapshotReadEntries = snap.entries.length;
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(out, null, 1));
