#!/usr/bin/env node
// Entry point of the `tandem` CLI. The TypeScript sources are compiled to dist/ on `npm install`
// (the `prepare` script), so this runs without a loader.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('tandem: not built yet; run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
const { run } = await import(main);
await run(process.argv);
// Every command has finished when run() resolves; idle keep-alive sockets of the API client
// would otherwise hold the process open for seconds.
process.exit();
