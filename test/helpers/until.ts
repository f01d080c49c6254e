/** Polling for tests that wait on a running chain. */
import assert from 'node:assert/strict';

/** Wait until `f` holds, polling every 25 ms; fails the test naming `what` after `ms`. */
export async function until(what: string, f: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
