import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import {
  DEFAULT_SCENARIO,
  parseFaults,
  parseSeeds,
  parseShare,
  runSeed,
  sweep,
} from '../../src/sim/index.js';
import { repoRoot } from '../helpers/paths.js';

interface CliRun {
  code: number | null;
  lines: string[];
}

function simCli(args: string[]): Promise<CliRun> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['scripts/sim.js', ...args], { cwd: repoRoot, env });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('exit', (code) => resolve({ code, lines: out.trim().split('\n') }));
  });
}

test('sim sweep: 500 seeds, every fault kind, byzantine power just under 1/3 — no violation, blocks decided in every run', async () => {
  // Two processes (the CI machine has two cores), 250 seeds each.
  const runs = await Promise.all([
    simCli(['--seeds', '1..250', '--validators', '4', '--faults', 'all', '--byzantine', '0.33']),
    simCli(['--seeds', '251..500', '--validators', '4', '--faults', 'all', '--byzantine', '0.33']),
  ]);
  for (const r of runs) {
    const summary = JSON.parse(r.lines.at(-1)!);
    assert.equal(r.code, 0, r.lines.slice(-20).join('\n'));
    assert.equal(summary.violations, 0);
    assert.equal(summary.seeds, 250);
    assert.ok(summary.min_height >= 3, `every run decides blocks (min height ${summary.min_height})`);
    assert.ok(summary.crashes > 1000, 'crashes were injected');
  }
});

test('sim sweep: byzantine power above 1/3 (fork coalition + partitioned honest nodes) — the checker finds agreement violations', async () => {
  const r = await simCli([
    '--seeds',
    '1..10',
    '--validators',
    '4',
    '--faults',
    'all',
    '--byzantine',
    '0.34',
    '--attack',
    'fork',
  ]);
  assert.equal(r.code, 1, 'a violation makes the sweep fail');
  const summary = JSON.parse(r.lines.at(-1)!);
  assert.ok(summary.by_kind.agreement >= 1, JSON.stringify(summary));
  assert.ok(
    r.lines.some((l) => /^violation seed=\d+ agreement: height \d+/.test(l)),
    'one line per violation with its seed',
  );
  assert.ok(
    r.lines.some((l) => l.startsWith('  trace seed=')),
    'the trace is printed',
  );
});

test('sim: a seed replays exactly (same heights, crashes and trace digest)', async () => {
  const o = { ...DEFAULT_SCENARIO, byzantinePerMille: 330, faultMs: 8000, healMs: 8000 };
  const a = await runSeed(77, o);
  const b = await runSeed(77, o);
  assert.equal(a.traceDigest, b.traceDigest);
  assert.equal(a.height, b.height);
  assert.equal(a.crashes, b.crashes);
  const c = await runSeed(78, o);
  assert.notEqual(c.traceDigest, a.traceDigest, 'another seed runs differently');
});

test('sim: a failing seed replays its violation exactly', async () => {
  const o = { ...DEFAULT_SCENARIO, byzantinePerMille: 340, attack: 'fork' as const };
  const lines: string[] = [];
  const s1 = await sweep([3], o, (l) => lines.push(l));
  const again: string[] = [];
  await sweep([3], o, (l) => again.push(l));
  assert.ok(s1.violations > 0);
  assert.deepEqual(again, lines);
});

test('sim: with no faults and no byzantine power every seed keeps deciding', async () => {
  const s = await sweep(
    [1, 2, 3],
    { ...DEFAULT_SCENARIO, faults: [], faultMs: 3000, healMs: 3000 },
    () => {},
  );
  assert.equal(s.violations, 0);
  assert.ok(s.min_height >= 20, `min height ${s.min_height}`);
});

test('sim CLI: bad arguments exit 2 with a clear message', async () => {
  for (const args of [
    ['--seeds', '5..1'],
    ['--byzantine', '1.5'],
    ['--faults', 'meteor'],
    ['--attack', 'nope'],
  ]) {
    const r = await simCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.lines.join('\n'), /SimError/);
  }
  assert.deepEqual(parseSeeds('3..5'), [3, 4, 5]);
  assert.equal(parseShare('0.33'), 330);
  assert.equal(parseShare('0'), 0);
  assert.throws(() => parseShare('0.3333'));
  assert.throws(() => parseShare(''));
  assert.equal(parseShare('.5'), 500);
  assert.deepEqual(parseFaults('drop,dup'), ['drop', 'dup']);
});
