#!/usr/bin/env node
// Enforces the layering of DESIGN.md §4 on src/: an area may import only areas of a lower layer
// (services may import each other, but the service graph must stay acyclic), and only through
// the other area's index.ts. Prints every violation and exits 1 if there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'src');

// Longest matching prefix wins. Layers: lower numbers are lower layers.
const AREAS = [
  ['common', 0],
  ['mkvs', 1],
  ['consensus/bft', 2],
  ['consensus', 3],
  ['services/*', 4],
  ['domains', 5],
  ['runtime/rhp', 5],
  ['runtime/sdk', 5.5],
  ['runtime/host', 5.5],
  ['runtime', 5.7],
  ['worker', 6],
  ['p2p', 7],
  ['api', 7],
  ['client', 7.5],
  ['node', 8],
  ['sim', 8],
  ['cli', 9],
];

function areaOf(relPath) {
  const parts = relPath.split(sep);
  let best = null;
  for (const [name, layer] of AREAS) {
    const np = name.split('/');
    let ok = true;
    const concrete = [];
    for (let i = 0; i < np.length; i++) {
      if (i >= parts.length - 1) {
        ok = false;
        break;
      }
      if (np[i] === '*') concrete.push(parts[i]);
      else if (np[i] === parts[i]) concrete.push(parts[i]);
      else {
        ok = false;
        break;
      }
    }
    if (ok && (!best || concrete.length > best.name.split('/').length))
      best = { name: concrete.join('/'), layer };
  }
  return best;
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const IMPORT_RE =
  /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const violations = [];
const edges = new Map();

for (const file of walk(SRC)) {
  const rel = relative(SRC, file);
  const from = areaOf(rel);
  if (!from) {
    violations.push(`${rel}: file is not inside a known area`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) continue;
    const target = relative(SRC, resolve(dirname(file), spec));
    if (target.startsWith('..')) {
      violations.push(`${rel}: imports outside src (${spec})`);
      continue;
    }
    const to = areaOf(target);
    if (!to) {
      violations.push(`${rel}: imports unknown area (${spec})`);
      continue;
    }
    if (to.name === from.name) continue;
    const isIndex =
      target === join(...to.name.split('/'), 'index.js') ||
      target === join(...to.name.split('/'), 'index.ts');
    if (!isIndex) violations.push(`${rel}: imports ${to.name} other than through its index.ts (${spec})`);
    const sameServices = from.name.startsWith('services/') && to.name.startsWith('services/');
    if (!sameServices && !(to.layer < from.layer)) {
      violations.push(
        `${rel}: ${from.name} (layer ${from.layer}) may not import ${to.name} (layer ${to.layer})`,
      );
    }
    if (!edges.has(from.name)) edges.set(from.name, new Set());
    edges.get(from.name).add(to.name);
  }
}

// Cycle check over the area graph (catches service ↔ service cycles).
const state = new Map();
function visit(n, stack) {
  if (state.get(n) === 1) {
    violations.push(`import cycle between areas: ${[...stack.slice(stack.indexOf(n)), n].join(' -> ')}`);
    return;
  }
  if (state.get(n) === 2) return;
  state.set(n, 1);
  for (const m of edges.get(n) ?? []) visit(m, [...stack, n]);
  state.set(n, 2);
}
for (const n of edges.keys()) visit(n, []);

if (violations.length > 0) {
  for (const v of violations) console.error(`layers: ${v}`);
  console.error(`layers: ${violations.length} violation(s)`);
  process.exit(1);
}
const graph = [...edges.entries()].map(([k, v]) => `${k} -> ${[...v].sort().join(', ')}`).sort();
console.log(`layers: ok (${graph.length} areas with imports)`);
if (process.argv.includes('--graph')) for (const g of graph) console.log(`  ${g}`);
