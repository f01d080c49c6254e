// Issue acceptance: a validator running as a real child process (WAL, last-signed record, state
// and block store on disk; its messages relayed by the test over stdio) is SIGKILLed at random
// points, many times; it restarts, replays its WAL, rejoins, and never signs conflicting votes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeWith, toHex } from '../../../src/common/index.js';
import { blockCodec, blockHash, LevelBlockStore } from '../../../src/consensus/bft/index.js';
import { CRASH_POINTS } from '../../fixtures/bft-crash-points.js';
import { Rng } from '../../helpers/rng.js';
import { CrashNet } from './crash-net.js';

/** Kills with the whole network up; every third is injected: each kind of CRASH_POINTS once. */
const KILLS = 15;
/** Restarts while validator 0 is cut off, so that the chain needs the child. */
const NEEDED_RESTARTS = 6;

/** `p`, or undefined after `ms` (the timer is cleared, so it does not hold the process open). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let t: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((res) => (t = setTimeout(() => res(undefined), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(t);
  }
}

/** Poll `ok` every 20 ms until it holds or `ms` pass; true if it held. */
async function waitFor(ok: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (ok()) return true;
  return ok();
}

/** Block hashes of the child's block store, from height 1 (opened after it was killed). */
async function childStoreHashes(dir: string): Promise<string[]> {
  const store = await LevelBlockStore.open(join(dir, 'blocks'));
  try {
    const out: string[] = [];
    for (let h = 1n; h <= store.height(); h++) {
      out.push(toHex(blockHash(decodeWith(blockCodec, (await store.block(h))!))));
    }
    return out;
  } finally {
    await store.close();
  }
}

/** Precommits for a block the incarnation `inc` signed at heights above `h`. */
function precommitsAbove(net: CrashNet, inc: number, h: bigint): number {
  let n = 0;
  for (const s of net.signed.values()) {
    if (s.incarnation === inc && s.step === 'precommit' && s.height > h && s.forBlock) n++;
  }
  return n;
}

/**
 * Run incarnation `i` and kill it. Every third one kills itself right after a chosen durable write
 * (each kind in turn, the n-th of this incarnation): the points between two writes that a timer
 * rarely hits. The others are killed 150–600 ms after a random moment: the spawn (the kill may
 * land in the handshake or the WAL replay), the start (during block sync), or the moment the
 * child caught up with the others (in the middle of rounds it votes in).
 */
async function runAndKill(net: CrashNet, i: number, r: Rng): Promise<void> {
  if (i % 3 === 2) {
    const kind = CRASH_POINTS[Math.floor(i / 3) % CRASH_POINTS.length]!;
    const c = net.spawnChild(`${kind}:${1 + r.int(kind === 'wal' ? 60 : kind === 'privval' ? 12 : 6)}`);
    if (
      !(await within(
        c.closed.then(() => true),
        8_000,
      ))
    )
      await c.kill(); // it did not get that far: kill anyway
    return;
  }
  const c = net.spawnChild();
  const from = r.int(3);
  const wait = 150 + r.int(451);
  if (from >= 1)
    assert.ok(await within(c.ready, 10_000), `incarnation #${c.incarnation} started ${c.stderr}`);
  if (from >= 2) await waitFor(() => net.childHeight() + 1n >= net.localHeight(), 5_000);
  await sleep(wait);
  await c.kill();
}

/**
 * Validator 0 is cut off, so the chain moves only with the child's votes: each restart must replay,
 * catch up and vote again (within what its last-signed record allows) before the chain moves.
 * Every other incarnation kills itself right after a new signature, before it is sent or logged.
 */
async function crashWhileNeeded(net: CrashNet, r: Rng): Promise<void> {
  net.isolate(0);
  for (let i = 0; i < NEEDED_RESTARTS; i++) {
    if (i % 2 === 1) {
      const c = net.spawnChild(`privval:${1 + r.int(4)}`);
      if (
        !(await within(
          c.closed.then(() => true),
          8_000,
        ))
      )
        await c.kill();
      continue;
    }
    const c = net.spawnChild();
    assert.ok(await within(c.ready, 10_000), `incarnation #${c.incarnation} started ${c.stderr}`);
    const h0 = net.localHeight();
    const moved = await waitFor(() => net.localHeight() >= h0 + 2n, 8_000);
    assert.ok(moved, `the chain moved with restarted #${c.incarnation} (stuck at ${net.localHeight()})`);
    await sleep(150 + r.int(451));
    await c.kill();
  }
  net.heal();
}

/** The last incarnation: true once it caught up by block sync and precommitted new heights. */
async function rejoin(net: CrashNet): Promise<{ before: bigint; caughtUp: boolean }> {
  const before = net.localHeight();
  const last = net.spawnChild();
  assert.ok(await within(last.ready, 10_000), `the last incarnation started ${last.stderr}`);
  // Malformed input lines (not base64; base64 but not a message) are logged and ignored.
  last.write('v1 not-base64!\n');
  last.write('v1 AAAA\n');
  const inc = last.incarnation;
  const caughtUp = await waitFor(
    () =>
      net.childHeight() >= before + 5n &&
      net.childHeight() + 1n >= net.localHeight() &&
      precommitsAbove(net, inc, before) >= 3,
    15_000,
  );
  if (!caughtUp) {
    const n = precommitsAbove(net, inc, before);
    net.errors.push(
      `not caught up: others at ${net.localHeight()}, child at ${net.childHeight()}, ` +
        `restarted at ${before}, ${n} precommits since`,
    );
  }
  await last.kill();
  const ignored = last.stderr.split('\n').filter((l) => l.startsWith('ignoring a bad input line'));
  assert.equal(ignored.length, 2, `bad lines logged: ${last.stderr}`);
  return { before, caughtUp };
}

/** Never two different signed bodies at one (height, round, step), across all incarnations. */
function assertNoDoubleSign(net: CrashNet): void {
  assert.deepEqual(net.conflicts, [], 'no conflicting signatures');
  for (const n of net.locals) assert.equal(n.driver.evidence.size, 0, 'no equivocation evidence');
  assert.deepEqual(net.childLogs, [], 'the child never had a signature refused nor saw evidence');
}

/** The in-process nodes agree; every block the child committed or stored is theirs. */
async function assertSameChain(net: CrashNet, dir: string, before: bigint): Promise<void> {
  const chains = await Promise.all(net.locals.map((n) => n.hashes()));
  const ref = chains.reduce((a, b) => (b.length > a.length ? b : a));
  assert.ok(ref.length >= 40, `the chain progressed (${ref.length} heights)`);
  for (const c of chains) assert.deepEqual(c, ref.slice(0, c.length), 'in-process nodes agree');
  for (const [h, set] of net.childCommits) {
    assert.deepEqual([...set], [ref[Number(h) - 1]], `child's block at height ${h}`);
  }
  const stored = await childStoreHashes(dir);
  assert.ok(stored.length >= Number(before) + 5, `child's store reached ${stored.length}`);
  assert.deepEqual(stored, ref.slice(0, stored.length), "child's block store matches the chain");
}

test('validator crash: SIGKILLed child restarts, replays, rejoins, never double-signs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bft-crash-'));
  const net = new CrashNet(dir, 'crash-', 'tandem-crash-test');
  const r = new Rng(Number(process.env.TANDEM_CRASH_SEED ?? 20261201)); // the env var explores other seeds
  let outcome: { before: bigint; caughtUp: boolean } | undefined;
  try {
    await net.startLocals();
    for (let i = 0; i < KILLS; i++) await runAndKill(net, i, r);
    await crashWhileNeeded(net, r);
    outcome = await rejoin(net);
  } finally {
    net.stop();
    await net.child?.kill();
    // Checked first, even when a phase failed: a double signature is the worst outcome and the
    // likeliest cause of a stalled chain.
    assertNoDoubleSign(net);
  }
  assert.deepEqual(net.errors, [], 'no process or driver failed');
  assert.ok(outcome.caughtUp);
  assert.ok(net.signed.size > 50, `the child signed votes (${net.signed.size})`);
  assert.equal(new Set(net.tornLines).size, net.tornLines.length, 'at most the last line of a kill is torn');
  await assertSameChain(net, dir, outcome.before);
  assert.deepEqual([...new Set(net.injected)].sort(), [...CRASH_POINTS].sort(), 'every injected kill hit');
  // The incarnations got going, and at least one restart replayed a non-empty WAL.
  assert.ok(net.replays.length >= 10, `restarts that got going: ${net.replays.length}`);
  assert.ok(
    net.replays.some((x) => x.records > 0),
    `a restart replayed WAL records: ${JSON.stringify(net.replays.map((x) => x.records))}`,
  );
  rmSync(dir, { recursive: true, force: true }); // kept on failure, for a look at the child's disk
});
