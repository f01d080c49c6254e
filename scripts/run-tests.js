#!/usr/bin/env node
// Runs the compiled test suite with node's test runner. Arguments filter test files by substring
// (`npm test -- mkvs`). Prints the spec report and ends with one line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join('dist', 'test');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.test.js')) out.push(p);
  }
  return out;
}
const files = walk(root)
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const tap = join(mkdtempSync(join(tmpdir(), 'tandem-tests-')), 'report.tap');
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS; // costs ~50 ms per process start here; tests spawn many
const r = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { stdio: 'inherit', env },
);
let pass = 0;
let fail = 0;
try {
  const t = readFileSync(tap, 'utf8');
  pass = Number(/^# pass (\d+)$/m.exec(t)?.[1] ?? 0);
  fail = Number(/^# fail (\d+)$/m.exec(t)?.[1] ?? 0);
} catch {
  fail = fail || 1;
}
console.log(`${pass} passed, ${fail} failed`);
process.exit(r.status === 0 && fail === 0 ? 0 : 1);
