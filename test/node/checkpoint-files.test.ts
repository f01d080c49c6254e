/**
 * State-sync checkpoints kept across restarts (issue 8): a validator's checkpoint records are
 * written to `state/checkpoints/`, and after a restart it offers the same checkpoints at once
 * (same offers, chunks still served). Kept files are read strictly: a stray name, an oversized,
 * truncated or non-canonical file, a record renamed to another height and a record whose preimage
 * was altered are each skipped with a reason, and the good records are still offered.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Logger, nullLogger } from '../../src/common/index.js';
import { LevelNodeDB } from '../../src/mkvs/index.js';
import {
  answerStateSync,
  CheckpointFiles,
  CheckpointMaker,
  decodeCheckpointRecord,
  decodeStateSyncResponse,
  encodeCheckpointRecord,
  MAX_RECORD_BYTES,
  startInProcessLocalnet,
} from '../../src/node/index.js';
import { SIM_TIMEOUTS } from '../../src/sim/index.js';
import { until } from '../helpers/until.js';

/** A logger that keeps the `reason` of every warning. */
function warnings(): { log: Logger; seen: string[] } {
  const seen: string[] = [];
  const log: Logger = {
    ...nullLogger,
    warn: (o: unknown) => void seen.push(String((o as { reason?: string }).reason)),
    child: () => log,
  };
  return { log, seen };
}

test('state sync: checkpoints are kept on disk, offered again after a restart, and read back strictly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-ckfiles-'));
  const start = () =>
    startInProcessLocalnet({ dir, validators: 2, timeouts: SIM_TIMEOUTS, checkpointInterval: 4n });
  const ckDir = join(dir, 'v0', 'state', 'checkpoints');
  let net = await start();
  try {
    const src = () => net.validators[0]!.checkpoints!;
    await until('two checkpoints', () => src().list().length >= 2);
    await net.stop();
    const kept = new CheckpointFiles(ckDir).load();
    const heights = kept.map((r) => ('height' in r ? r.height : -1n));
    assert.equal(heights.length, 2, `the two offered checkpoints are on disk, no more (${heights})`);

    net = await start();
    const newest = heights[0]!;
    assert.ok(
      src()
        .list()
        .some((o) => o.height === newest),
      `checkpoint ${newest} offered right after the restart (${src()
        .list()
        .map((o) => o.height)})`,
    );
    const tip = () => net.apps[0]!.committed.height;
    const r = decodeStateSyncResponse(
      await answerStateSync({ chunk: { height: newest, tree: 1, index: 0 } }, src(), tip),
    );
    assert.ok('chunk' in r && r.chunk.entries.length > 0, 'its UED chunk is served');
    await net.stop();

    // The chain went on: take the records on disk now, with the offers the maker made of them.
    const last = new CheckpointFiles(ckDir).load().map((x) => ('height' in x ? x.height : -1n));
    const [top, below] = [last[0]!, last[1]!];
    const offered = src()
      .list()
      .find((o) => o.height === top);
    assert.ok(offered !== undefined && below !== undefined, `two records kept (${last})`);
    // Hostile files beside the good record of `top`, read by a maker over the same databases.
    const good = readFileSync(join(ckDir, `${top}.record`));
    writeFileSync(join(ckDir, 'notes.txt'), 'hello');
    writeFileSync(join(ckDir, '1000.record'), good.subarray(0, good.length - 3));
    writeFileSync(join(ckDir, '1004.record'), Uint8Array.of(...good, 0));
    writeFileSync(join(ckDir, '1008.record'), new Uint8Array(MAX_RECORD_BYTES + 1));
    copyFileSync(join(ckDir, `${top}.record`), join(ckDir, `${top + 400n}.record`));
    // The record below with an altered preimage, under its own height.
    const olderPath = join(ckDir, `${below}.record`);
    const older = decodeCheckpointRecord(readFileSync(olderPath));
    const bent = { ...older, ued: { ...older.ued, receipts_root: new Uint8Array(32).fill(5) } };
    writeFileSync(olderPath, encodeCheckpointRecord(bent));
    const { log, seen } = warnings();
    const dbs = {
      ved: await LevelNodeDB.open(join(dir, 'v0', 'state', 'ved')),
      ued: await LevelNodeDB.open(join(dir, 'v0', 'state', 'ued')),
    };
    try {
      const files = new CheckpointFiles(ckDir);
      const m = new CheckpointMaker({
        interval: 4n,
        keep: 8,
        dbs,
        files,
        log,
        appRecord: () => undefined,
        consensusState: () => undefined,
      });
      await m.restore();
      assert.deepEqual(
        m
          .list()
          .map((o) => o.height)
          .filter((h) => h === top || h === below || h >= 1000n),
        [top],
        'only the good record of those heights is offered',
      );
      assert.deepEqual(
        m.list().find((o) => o.height === top),
        offered,
        'the same offer as before',
      );
      for (const why of [/not a <height>\.record/, /above/, /another height/, /preimages do not give/]) {
        assert.ok(
          seen.some((w) => why.test(w)),
          `a warning matching ${why} among ${JSON.stringify(seen)}`,
        );
      }
      assert.ok(seen.length >= 6, `every bad file is reported (${seen.length})`);
    } finally {
      await dbs.ved.close();
      await dbs.ued.close();
    }
  } finally {
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
