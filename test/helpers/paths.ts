/** Locations tests need: the repository root and the shared vectors beside it. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json'))) {
    const up = dirname(d);
    if (up === d) throw new Error('repository root not found');
    d = up;
  }
  return d;
}

/** The repository root (holds package.json). */
export const repoRoot: string = findRoot();

/** `../shared/vectors` beside the repository (or TANDEM_VECTORS). */
export const vectorsDir: string = process.env.TANDEM_VECTORS ?? resolve(repoRoot, '..', 'shared', 'vectors');

/** Read and parse a JSON vector file. */
export function readVectors<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(vectorsDir, name), 'utf8')) as T;
}

/** The CLI entry point. */
export const cliPath: string = join(repoRoot, 'bin', 'tandem.js');
