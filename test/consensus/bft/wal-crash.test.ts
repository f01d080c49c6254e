// A child process appending to a FileWal is SIGKILLed at random points, many times, sometimes with
// a torn partial record added as a power cut could leave; every reopen replays every acknowledged
// record in order, intact, with at most one unacknowledged extra, and checkpoints hold.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { concatBytes, hash, toHex, u32be } from '../../../src/common/index.js';
import { FileWal } from '../../../src/consensus/bft/index.js';
import { CHECKPOINT_EVERY, crashRecord, recordIndex } from '../../fixtures/wal-crash-records.js';
import { Rng } from '../../helpers/rng.js';

const child = new URL('../../fixtures/wal-crash-child.js', import.meta.url).pathname;

/** Run the child until killed `afterMs` after its first output; the highest index it acknowledged. */
function runAndKill(dir: string, afterMs: number): Promise<number> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const p = spawn(process.execPath, [child, dir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    let timer: NodeJS.Timeout | undefined;
    p.stdout.once('data', () => (timer = setTimeout(() => p.kill('SIGKILL'), afterMs)));
    // 'close' (not 'exit') so every acknowledgement already in the pipe has been read.
    p.on('close', () => {
      clearTimeout(timer);
      const acks = out.split('\n').filter((l) => l.startsWith('ack '));
      resolve(acks.length > 0 ? Number(acks[acks.length - 1]!.slice(4)) : -1);
    });
  });
}

/** A prefix of record i's frame, as a write cut short by a power loss would leave. */
function tornFrame(i: number, r: Rng): Uint8Array {
  const rec = crashRecord(i);
  const frame = concatBytes(u32be(rec.length), hash(rec).subarray(0, 4), rec);
  return frame.subarray(0, 1 + r.int(frame.length - 1));
}

/** Replay the log and check it against what was acknowledged; returns the last index held. */
function verify(dir: string, acked: number): number {
  const wal = FileWal.open(dir);
  const recs = wal.replay();
  wal.close();
  if (recs.length === 0) {
    assert.equal(acked, -1, 'a log with acknowledged records replays empty');
    return -1;
  }
  const first = recordIndex(recs[0]!);
  const last = first + recs.length - 1;
  recs.forEach((rec, k) => {
    assert.equal(toHex(rec), toHex(crashRecord(first + k)), `record ${first + k} intact and in order`);
  });
  assert.ok(last === acked || last === acked + 1, `replayed up to ${last}, acknowledged ${acked}`);
  assert.equal(first, last - (last % CHECKPOINT_EVERY), 'the segment starts at the last checkpoint');
  return last;
}

test('WAL crash safety: SIGKILL at random points never loses an acknowledged record', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-wal-crash-'));
  const r = new Rng(4321);
  const kills = 20;
  let known = -1; // highest index known durable (acknowledged, or replayed after a restart)
  for (let i = 0; i < kills; i++) {
    const acked = await runAndKill(dir, 5 + r.int(80));
    assert.ok(acked > known, 'the child resumed after the last replayed record and made progress');
    if (i % 4 === 3) appendFileSync(join(dir, 'wal.log'), tornFrame(Math.max(acked, known) + 2, r));
    known = verify(dir, Math.max(acked, known));
  }
  assert.ok(known >= kills, `the child made progress across restarts (reached ${known})`);
});
