/**
 * Small synchronous file helpers for the durable stores. Synchronous on purpose: the engine must
 * know a record is on disk before it acts (sends a vote, releases a signature), and a sync call
 * cannot interleave with other work in between.
 */
import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

/** Write all of `bytes` at `position` (writeSync may write less than asked). */
export function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  }
}

/** Read exactly `length` bytes from `position`, or fewer if the file ends first. */
export function readAll(fd: number, length: number, position = 0): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? out : out.subarray(0, done);
}

/** fsync a directory, so a create, rename or unlink inside it survives a crash. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The message of anything thrown, for error context. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
