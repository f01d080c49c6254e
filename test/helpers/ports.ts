/**
 * Base ports for tests that start nodes on fixed loopback ports (a localnet uses base + 10k + 0..2
 * per node). Bases lie below Linux's ephemeral range (32768–60999), so no outgoing connection of
 * another process can hold one of the ports, and each base is reserved with an exclusive lock
 * file, so two test files running at once never pick the same one. Locks are released when the
 * process exits; a lock older than an hour (a killed run) is taken over.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIRST = 20_000;
const STEP = 100;
const SLOTS = 120; // 20,000 … 31,900: every port a localnet uses stays below 32,768
const STALE_MS = 60 * 60 * 1000;
const dir = join(tmpdir(), 'tandem-test-ports');
const held: string[] = [];
let hooked = false;

function tryLock(path: string): boolean {
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    try {
      if (Date.now() - statSync(path).mtimeMs < STALE_MS) return false;
      writeFileSync(path, String(process.pid));
      return true;
    } catch {
      return false;
    }
  }
}

/** A base port no other test process holds (see the module header). */
export function reserveBasePort(): number {
  mkdirSync(dir, { recursive: true });
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const p of held) rmSync(p, { force: true });
    });
  }
  const start = Math.floor(Math.random() * SLOTS);
  for (let i = 0; i < SLOTS; i++) {
    const base = FIRST + STEP * ((start + i) % SLOTS);
    const path = join(dir, String(base));
    if (tryLock(path)) {
      held.push(path);
      return base;
    }
  }
  return FIRST + STEP * start;
}
