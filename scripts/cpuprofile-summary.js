#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (e.g. from TANDEM_CPU_PROF_DIR, one file per thread of each node):
// busy time, self time by file and by function, and inclusive time under each src/ function.
// Usage: node scripts/cpuprofile-summary.js FILE [TOP=30]
import { readFileSync } from 'node:fs';

const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const N = +(process.argv[3] ?? 30);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const short = (u) => {
  if (!u) return '(vm)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1];
  const s = /dist\/(src\/.*)$/.exec(u);
  if (s) return s[1];
  return u.replace(/^file:\/\//, '').slice(-40);
};
const selfF = new Map(),
  selfFn = new Map(),
  incl = new Map();
let busy = 0;
for (let i = 0; i < p.samples.length; i++) {
  const n = byId.get(p.samples[i]);
  const t = p.timeDeltas[i] ?? 0;
  const cf = n.callFrame;
  if (cf.functionName === '(idle)') continue;
  busy += t;
  const f = short(cf.url);
  selfF.set(f, (selfF.get(f) ?? 0) + t);
  const k = `${cf.functionName || '(anon)'} ${f}:${cf.lineNumber}`;
  selfFn.set(k, (selfFn.get(k) ?? 0) + t);
  const seen = new Set();
  for (let q = n.id; q !== undefined; q = parent.get(q)) {
    const c = byId.get(q).callFrame;
    if (!/dist\/src\//.test(c.url)) continue;
    const kk = `${c.functionName || '(anon)'} ${short(c.url)}:${c.lineNumber}`;
    if (seen.has(kk)) continue;
    seen.add(kk);
    incl.set(kk, (incl.get(kk) ?? 0) + t);
  }
}
const pr = (m, title) => {
  console.log(`--- ${title}`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, N))
    console.log(`${((100 * t) / busy).toFixed(1).padStart(5)}%`, `${(t / 1e3).toFixed(0).padStart(6)}ms`, k);
};
console.log(process.argv[2], 'busy ms', (busy / 1e3).toFixed(0));
pr(selfF, 'self by file');
pr(selfFn, 'self by function');
pr(incl, 'inclusive under src/ functions');
