#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs dist/bench/<name>.js. Benchmarks print their figures and
// end with one line of JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [name, ...rest] = process.argv.slice(2);
const dir = join('dist', 'bench');
const available = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.js') && !f.startsWith('_'))
      .map((f) => f.slice(0, -3))
  : [];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>; available: ${available.join(', ') || 'none'}`);
  process.exit(2);
}
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const r = spawnSync(process.execPath, ['--expose-gc', join(dir, `${name}.js`), ...rest], {
  stdio: 'inherit',
  env,
});
process.exit(r.status ?? 1);
