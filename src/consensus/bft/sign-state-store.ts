/**
 * The last-signed record store (CometBFT's privval state file). The engine saves what it is about
 * to sign before releasing the signature, and after a restart refuses to sign anything that
 * conflicts with it. Losing or misreading this state can make a validator equivocate, so a file
 * that is present but unreadable is an error, never "nothing signed yet".
 */
import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { copyBytes } from '../../common/index.js';
import { errText, fsyncDir, readAll, writeAll } from './durable-fs.js';
import { BftError } from './errors.js';
import { checksumMatches, encodeFrame, FRAME_HEADER_BYTES, frameLength } from './frame.js';

/** Largest state accepted (1 MiB; real states are a few hundred bytes). */
export const MAX_SIGN_STATE_BYTES = 1024 * 1024;

/** Durable storage of the validator's last-signed record (opaque bytes the engine encodes). */
export interface SignStateStore {
  /** The last saved state, or undefined if none was ever saved. */
  load(): Uint8Array | undefined;
  /** Replace the state; durable before it returns. */
  save(state: Uint8Array): void;
}

/** A {@link SignStateStore} in memory (the simulator's; it survives a simulated crash as is). */
export class MemorySignStateStore implements SignStateStore {
  private state: Uint8Array | undefined;

  load(): Uint8Array | undefined {
    return this.state && copyBytes(this.state);
  }

  save(state: Uint8Array): void {
    checkSize(state); // the same limit as the file store, so simulation matches production
    this.state = copyBytes(state);
  }
}

/**
 * A {@link SignStateStore} in one file (mode 0600), framed with a length and checksum. Saves write
 * `<path>.tmp`, fsync it, rename it over `<path>` and fsync the directory, so a crash leaves the
 * old state or the new one, whole.
 */
export class FileSignStateStore implements SignStateStore {
  constructor(private readonly path: string) {}

  load(): Uint8Array | undefined {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw ioError('open', e);
    }
    try {
      const size = fstatSync(fd).size;
      if (size > FRAME_HEADER_BYTES + MAX_SIGN_STATE_BYTES)
        throw corrupt(`file of ${size} bytes is too large`);
      return decodeState(readAll(fd, size));
    } catch (e) {
      throw e instanceof BftError ? e : ioError('read', e);
    } finally {
      closeSync(fd);
    }
  }

  save(state: Uint8Array): void {
    checkSize(state);
    const frame = encodeFrame(state, MAX_SIGN_STATE_BYTES);
    const tmp = `${this.path}.tmp`;
    try {
      const dir = dirname(this.path);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      rmSync(tmp, { force: true }); // a stale tmp may have been created with another mode
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        fchmodSync(fd, 0o600); // the umask may have narrowed, never widened, but be exact
        writeAll(fd, frame, 0);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
      fsyncDir(dir);
    } catch (e) {
      throw ioError('save', e);
    }
  }
}

function checkSize(state: Uint8Array): void {
  if (state.length > MAX_SIGN_STATE_BYTES) {
    throw new BftError(
      BftError.SIGN_STATE_TOO_LARGE,
      `sign state of ${state.length} bytes exceeds the ${MAX_SIGN_STATE_BYTES}-byte limit`,
    );
  }
}

function decodeState(buf: Uint8Array): Uint8Array {
  if (buf.length < FRAME_HEADER_BYTES) throw corrupt(`file of ${buf.length} bytes is truncated`);
  const len = frameLength(buf, 0);
  if (len !== buf.length - FRAME_HEADER_BYTES) {
    throw corrupt(`length field ${len} does not match the file's ${buf.length - FRAME_HEADER_BYTES} bytes`);
  }
  const payload = buf.slice(FRAME_HEADER_BYTES);
  if (!checksumMatches(buf, 0, payload)) throw corrupt('checksum mismatch');
  return payload;
}

function corrupt(why: string): BftError {
  return new BftError(BftError.SIGN_STATE_CORRUPT, `sign-state file is corrupt: ${why}`);
}

function ioError(op: string, e: unknown): BftError {
  return new BftError(BftError.SIGN_STATE_IO, `sign-state ${op} failed: ${errText(e)}`, { op });
}
