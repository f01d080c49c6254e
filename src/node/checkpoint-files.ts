/**
 * The checkpoint records a node offers for state sync, kept on disk (`state/checkpoints/<height>.record`)
 * so that a restarted node offers them again at once instead of only from its next checkpoint
 * height. Only the records are written: the trees they name stay in the node databases, which
 * keep every committed root. A file is written whole under a temporary name and then renamed, so a
 * crash leaves either the old set or the new file complete; losing one only means one checkpoint
 * fewer, so the write is not synced. Files are read back strictly: a name that is not
 * `<height>.record`, an oversized or non-canonical file is reported and left alone.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeError } from './errors.js';
import {
  type CheckpointRecord,
  decodeCheckpointRecord,
  encodeCheckpointRecord,
  MAX_RECORD_BYTES,
} from './state-sync-wire.js';

const NAME = /^(0|[1-9][0-9]{0,19})\.record$/;

/** A record read back, or why the file was not usable. */
export type StoredRecord =
  | { readonly height: bigint; readonly record: CheckpointRecord }
  | { readonly file: string; readonly problem: string };

/** The directory of kept checkpoint records. */
export class CheckpointFiles {
  constructor(readonly dir: string) {}

  /** Keep the record of `height` (replacing an older file of that height). */
  save(height: bigint, record: CheckpointRecord): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `${height}.record`);
    writeFileSync(`${path}.tmp`, encodeCheckpointRecord(record), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  }

  /** Forget the record of `height` (nothing if there is none). */
  remove(height: bigint): void {
    rmSync(join(this.dir, `${height}.record`), { force: true });
  }

  /** Every file of the directory: the records that decode, newest first, and the problems. */
  load(): StoredRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out = names.filter((n) => !n.endsWith('.tmp')).map((n) => this.read(n));
    const height = (r: StoredRecord) => ('height' in r ? r.height : -1n);
    return out.sort((a, b) => (height(a) > height(b) ? -1 : height(a) < height(b) ? 1 : 0));
  }

  private read(name: string): StoredRecord {
    const m = NAME.exec(name);
    if (m === null) return { file: name, problem: 'not a <height>.record file' };
    const path = join(this.dir, name);
    try {
      const size = statSync(path).size;
      if (size > MAX_RECORD_BYTES) return { file: name, problem: `${size} bytes, above ${MAX_RECORD_BYTES}` };
      return { height: BigInt(m[1]!), record: decodeCheckpointRecord(readFileSync(path)) };
    } catch (e) {
      return { file: name, problem: (e as Error).message };
    }
  }
}

/** The error of a kept record that does not fit the node's state (logged, the file skipped). */
export function badRecord(height: bigint, why: string): NodeError {
  return new NodeError(NodeError.CORRUPT, `kept checkpoint ${height} not offered: ${why}`);
}
