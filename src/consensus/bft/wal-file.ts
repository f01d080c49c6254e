/**
 * The file-backed write-ahead log. One segment file, `wal.log`, in its own directory. Appends
 * are positioned writes, followed by fdatasync unless only written ({@link Wal.write}; the next
 * sync covers them). A checkpoint with seed records writes the new segment to
 * `wal.log.tmp`, syncs it, renames it over `wal.log` and syncs the directory: rename is atomic,
 * so a crash leaves the old or the new segment, and a leftover tmp file is simply discarded. The
 * per-height checkpoint has no seed: it only writes a cut frame (see `cut`), and once the file
 * has grown past {@link WAL_TRUNCATE_BYTES} truncates it in place instead (see `truncateInPlace`).
 * After any I/O failure the log closes itself (the state of a failed fsync is unknowable, so
 * only a reopen, which re-scans the file, may continue).
 */
import {
  closeSync,
  constants,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { concatAll } from '../../common/index.js';
import { errText, fsyncDir, readAll, writeAll } from './durable-fs.js';
import { BftError } from './errors.js';
import { checkMaxRecordBytes, cutFrame, encodeFrame } from './frame.js';
import { decodeLog, type Wal } from './wal.js';

const LOG = 'wal.log';
const TMP = 'wal.log.tmp';

/**
 * Size of the log from which a checkpoint without seed truncates the file instead of writing a
 * cut frame (1 MiB: a few heights at saturation, where a height's proposal carries its block;
 * hundreds of heights of empty blocks).
 */
export const WAL_TRUNCATE_BYTES = 1024 * 1024;
const CUT = cutFrame();
const fdatasyncAsync = promisify(fdatasync);

/** Options of {@link FileWal.open}. */
export interface FileWalOptions {
  /** Largest record accepted on append and on replay (default 4 MiB). */
  maxRecordBytes?: number;
}

/** A {@link Wal} kept in a directory on disk. */
export class FileWal implements Wal {
  private fd: number | undefined;
  private size = 0;
  /** True while written records wait for an fdatasync. */
  private dirty = false;

  private constructor(
    private readonly dir: string,
    private readonly max: number,
    fd: number,
  ) {
    this.fd = fd;
  }

  /**
   * Open (creating if needed) the log in `dir`. The file is scanned at once, so a torn tail is
   * truncated before the first append and corruption is reported here, not later.
   */
  static open(dir: string, opts: FileWalOptions = {}): FileWal {
    const max = checkMaxRecordBytes(opts.maxRecordBytes);
    const path = join(dir, LOG);
    let fd: number;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      rmSync(join(dir, TMP), { force: true }); // an unfinished checkpoint: the old log stands
      const created = !existsSync(path);
      fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
      if (created) fsyncDir(dir);
    } catch (e) {
      throw ioError('open', e);
    }
    const wal = new FileWal(dir, max, fd);
    try {
      wal.replay();
    } catch (e) {
      wal.close();
      throw e;
    }
    return wal;
  }

  append(record: Uint8Array): void {
    this.write(record);
    this.sync();
  }

  write(record: Uint8Array): void {
    this.put(encodeFrame(record, this.max), 'append');
  }

  /** Write `bytes` at the end, unsynced (`what` names the operation in an error). */
  private put(bytes: Uint8Array, what: string): void {
    const fd = this.live();
    try {
      writeAll(fd, bytes, this.size);
    } catch (e) {
      throw this.fail(what, e);
    }
    this.size += bytes.length;
    this.dirty = true;
  }

  sync(): void {
    const fd = this.live();
    if (!this.dirty) return;
    try {
      fdatasyncSync(fd);
    } catch (e) {
      throw this.fail('sync', e);
    }
    this.dirty = false;
  }

  async syncAsync(): Promise<void> {
    const fd = this.live();
    if (!this.dirty) return;
    // A record written while the sync runs may miss it: it makes the log dirty again.
    this.dirty = false;
    try {
      await fdatasyncAsync(fd);
    } catch (e) {
      this.dirty = true;
      throw this.fail('sync', e);
    }
  }

  replay(): Uint8Array[] {
    const fd = this.live();
    let image: Uint8Array;
    try {
      image = readAll(fd, fstatSync(fd).size);
    } catch (e) {
      throw this.fail('read', e);
    }
    const { records, validBytes } = decodeLog(image, this.max);
    if (validBytes < image.length) {
      try {
        ftruncateSync(fd, validBytes);
        fdatasyncSync(fd);
      } catch (e) {
        throw this.fail('truncate', e);
      }
    }
    this.size = validBytes;
    return records;
  }

  checkpoint(seed: readonly Uint8Array[] = []): void {
    if (seed.length === 0) {
      if (this.size >= WAL_TRUNCATE_BYTES) this.truncateInPlace();
      else this.cut();
      return;
    }
    const old = this.live();
    const image = concatAll(seed.map((r) => encodeFrame(r, this.max)));
    const path = join(this.dir, LOG);
    const tmp = join(this.dir, TMP);
    let fd: number;
    try {
      const t = openSync(tmp, 'w', 0o600);
      try {
        writeAll(t, image, 0);
        fdatasyncSync(t);
      } finally {
        closeSync(t);
      }
      renameSync(tmp, path);
      fsyncDir(this.dir);
      fd = openSync(path, constants.O_RDWR);
    } catch (e) {
      throw this.fail('checkpoint', e);
    }
    closeSync(old);
    this.fd = fd;
    this.size = image.length;
    this.dirty = false;
  }

  /**
   * The per-height checkpoint without a seed, while the file is small: append a cut frame, only
   * written (the height's first synced append makes it durable with what follows it), so a
   * height costs no truncation and no sync of its own. A crash that loses the cut leaves the log
   * as a crash just before the checkpoint would (the committed height's records, and possibly
   * earlier heights' of a node that signed nothing since; the engine of the next height ignores
   * records of other heights), which replay already handles; a torn cut is a torn tail.
   */
  private cut(): void {
    this.put(CUT, 'checkpoint');
  }

  /**
   * The per-height checkpoint without a seed once the file is large: cut the log to nothing in place and sync that before
   * any new record is written. A crash leaves the old log, a prefix of it (a torn last frame is
   * discarded on open), or the empty one, never new records beside old ones: like a crash just
   * before the checkpoint, which replay already handles. Cheaper than the rename (no file creation, no directory sync).
   */
  private truncateInPlace(): void {
    const fd = this.live();
    try {
      ftruncateSync(fd, 0);
      fdatasyncSync(fd);
    } catch (e) {
      throw this.fail('checkpoint', e);
    }
    this.size = 0;
    this.dirty = false;
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      closeSync(fd);
    } catch (e) {
      throw ioError('close', e);
    }
  }

  private live(): number {
    if (this.fd === undefined) throw new BftError(BftError.STORE_CLOSED, 'write-ahead log is closed');
    return this.fd;
  }

  /** Close after an I/O failure and return the error to throw. */
  private fail(op: string, e: unknown): BftError {
    try {
      this.close();
    } catch {
      // Already failing; the original error is the one worth reporting.
    }
    return ioError(op, e);
  }
}

function ioError(op: string, e: unknown): BftError {
  return new BftError(BftError.WAL_IO, `write-ahead log ${op} failed: ${errText(e)}`, { op });
}
