/**
 * A {@link SignStateStore} that saves with one in-place write and one `fdatasync`, instead of the
 * write, fsync, rename and directory fsync of {@link FileSignStateStore} (about 4 ms against
 * 15 ms on the development disk, paid before every vote and several times per height).
 *
 * Two slot files, `<path>` and `<path>.1`, each holding one checksummed frame whose payload is
 * `MAGIC ‖ u64be(sequence) ‖ state`. Save number n overwrites slot n mod 2 in place and syncs it
 * before returning, so the other slot always holds the previous state, whole. A crash during a
 * save can only tear the slot being written: its checksum then fails and the other slot (the
 * state before this save, which nothing acted on yet, since the caller acts only after `save`
 * returns) is loaded. A file `<path>` without the magic is a record of the older single-file
 * format (what {@link FileSignStateStore} writes, e.g. a state-sync import): it is read as
 * sequence 0, and the first save goes to `<path>.1`, so it is never overwritten while it is the
 * only record. An empty store starts at sequence 2, so its first record is `<path>` (whose
 * existence callers may test) and the second `<path>.1`.
 *
 * Limit of the scheme: bit rot in the newer slot after a completed save reads like a torn save and
 * falls back to the previous state; a single-file store would stop instead. Rot of a synced file
 * is outside the crash model the stores defend against (the WAL's checksums make the same
 * trade-off for its tail).
 */
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  constants as fsc,
  fstatSync,
  mkdirSync,
  openSync,
  write,
} from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { concatBytes, u64be } from '../../common/index.js';
import { errText, fsyncDir, readAll, writeAll } from './durable-fs.js';
import { BftError } from './errors.js';
import { checksumMatches, encodeFrame, FRAME_HEADER_BYTES, frameLength } from './frame.js';
import { MAX_SIGN_STATE_BYTES, type SignStateStore } from './sign-state-store.js';

const fdatasyncAsync = promisify(fdatasync);
const writeAsync = (fd: number, b: Uint8Array, off: number, len: number, pos: number) =>
  new Promise<number>((resolve, reject) =>
    write(fd, b, off, len, pos, (e, n) => (e === null ? resolve(n) : reject(e))),
  );

const MAGIC = Uint8Array.of(0xff, 0x54, 0x53, 0x32); // 0xff never starts a canonical CBOR item
const PREFIX = MAGIC.length + 8;
/** Records up to this size are written synchronously by `saveAsync` (a page-cache copy). */
const SMALL_WRITE_BYTES = 4096;

/** The two files a {@link SlotFileStore} at `path` uses (both to remove when replacing it). */
export function slotFilePaths(path: string): [string, string] {
  return [path, `${path}.1`];
}

interface Slot {
  readonly seq: bigint;
  readonly state: Uint8Array;
}

/** See the module header. */
export class SlotFileStore implements SignStateStore {
  readonly #paths: [string, string];
  readonly #fds: [number | undefined, number | undefined] = [undefined, undefined];
  #seq: bigint | undefined;

  constructor(path: string) {
    this.#paths = slotFilePaths(path);
  }

  load(): Uint8Array | undefined {
    const newest = this.#newest();
    this.#seq = newest?.seq ?? 1n;
    return newest?.state;
  }

  save(state: Uint8Array): void {
    const { seq, frame, i } = this.#next(state);
    try {
      const fd = this.#open(i);
      writeAll(fd, frame, 0);
      fdatasyncSync(fd);
    } catch (e) {
      throw this.#failed(e);
    }
    this.#seq = seq;
  }

  /**
   * {@link save} with the sync on libuv's thread pool, off the event loop (the write of a small
   * record only reaches the page cache, so it stays synchronous: one hop to the pool, not two,
   * and a large record, such as the application's, is written from the pool). The caller must
   * not start another save of this store before the promise settles.
   */
  async saveAsync(state: Uint8Array): Promise<void> {
    const { seq, frame, i } = this.#next(state);
    try {
      const fd = this.#open(i);
      if (frame.length <= SMALL_WRITE_BYTES) writeAll(fd, frame, 0);
      else {
        let done = 0;
        while (done < frame.length) done += await writeAsync(fd, frame, done, frame.length - done, done);
      }
      await fdatasyncAsync(fd);
    } catch (e) {
      throw this.#failed(e);
    }
    this.#seq = seq;
  }

  #next(state: Uint8Array): { seq: bigint; frame: Uint8Array; i: 0 | 1 } {
    if (state.length > MAX_SIGN_STATE_BYTES) {
      throw new BftError(
        BftError.SIGN_STATE_TOO_LARGE,
        `sign state of ${state.length} bytes exceeds the ${MAX_SIGN_STATE_BYTES}-byte limit`,
      );
    }
    this.#seq ??= this.#newest()?.seq ?? 1n;
    const seq = this.#seq + 1n;
    const frame = encodeFrame(concatBytes(MAGIC, u64be(seq), state), PREFIX + MAX_SIGN_STATE_BYTES);
    return { seq, frame, i: Number(seq % 2n) as 0 | 1 };
  }

  #failed(e: unknown): BftError {
    this.#seq = undefined; // the slot may be torn: learn the sequence from disk again
    return new BftError(BftError.SIGN_STATE_IO, `sign-state save failed: ${errText(e)}`, { op: 'save' });
  }

  /** Close the slot files (a later save opens them again). */
  close(): void {
    for (const i of [0, 1] as const) {
      const fd = this.#fds[i];
      this.#fds[i] = undefined;
      if (fd !== undefined) closeSync(fd);
    }
  }

  #open(i: 0 | 1): number {
    const known = this.#fds[i];
    if (known !== undefined) return known;
    const path = this.#paths[i];
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(path, fsc.O_RDWR | fsc.O_CREAT, 0o600);
    fsyncDir(dir); // the slot's directory entry must survive a crash before it is relied on
    this.#fds[i] = fd;
    return fd;
  }

  /** The valid slot with the highest sequence; undefined when neither file exists. */
  #newest(): Slot | undefined {
    const slots = this.#paths.map((p) => readSlot(p));
    const valid = slots.filter((s): s is Slot => s !== undefined && s !== 'bad');
    if (valid.length === 0) {
      if (slots.includes('bad')) throw corrupt('no slot holds a whole record');
      return undefined;
    }
    return valid.reduce((a, b) => (b.seq > a.seq ? b : a));
  }
}

/** A slot's record, undefined when the file is absent, 'bad' when damaged or torn. */
function readSlot(path: string): Slot | 'bad' | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BftError(BftError.SIGN_STATE_IO, `sign-state open failed: ${errText(e)}`, { op: 'open' });
  }
  try {
    const size = fstatSync(fd).size;
    const head = readAll(fd, FRAME_HEADER_BYTES);
    if (head.length < FRAME_HEADER_BYTES) return 'bad';
    const len = frameLength(head, 0);
    if (len > PREFIX + MAX_SIGN_STATE_BYTES || FRAME_HEADER_BYTES + len > size) return 'bad';
    const payload = readAll(fd, len, FRAME_HEADER_BYTES);
    if (payload.length !== len || !checksumMatches(head, 0, payload)) return 'bad';
    return parsePayload(payload);
  } catch (e) {
    throw new BftError(BftError.SIGN_STATE_IO, `sign-state read failed: ${errText(e)}`, { op: 'read' });
  } finally {
    closeSync(fd);
  }
}

/** A slot payload, or a record of the single-file format (sequence 0). */
function parsePayload(p: Uint8Array): Slot | 'bad' {
  const isSlot = p.length >= MAGIC.length && MAGIC.every((b, i) => p[i] === b);
  if (!isSlot) return p.length <= MAX_SIGN_STATE_BYTES ? { seq: 0n, state: p } : 'bad';
  if (p.length < PREFIX) return 'bad';
  const seq = new DataView(p.buffer, p.byteOffset + MAGIC.length, 8).getBigUint64(0);
  return { seq, state: p.slice(PREFIX) };
}

function corrupt(why: string): BftError {
  return new BftError(BftError.SIGN_STATE_CORRUPT, `sign-state file is corrupt: ${why}`);
}
