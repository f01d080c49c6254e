/**
 * Persistence of the divergence halt (APE-18): once halted, a node stays halted across restarts
 * until an operator clears it, and the evidence (the reports and this node's hash) is kept on disk.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { DomainsError } from './errors.js';
import type { DivergenceEvidence } from './report-book.js';

/** Where the halt flag and its evidence live. */
export interface HaltStore {
  load(): DivergenceEvidence | undefined;
  save(e: DivergenceEvidence): void;
  clear(): void;
}

/** In memory (simulator, tests). */
export class MemoryHaltStore implements HaltStore {
  private e: DivergenceEvidence | undefined;
  load(): DivergenceEvidence | undefined {
    return this.e;
  }
  save(e: DivergenceEvidence): void {
    this.e = e;
  }
  clear(): void {
    this.e = undefined;
  }
}

type Json = Omit<DivergenceEvidence, 'disagreeingStake' | 'totalStake'> & {
  disagreeingStake: string;
  totalStake: string;
};

/** A JSON file written atomically (temp file, fsync, rename). */
export class FileHaltStore implements HaltStore {
  constructor(private readonly path: string) {}

  load(): DivergenceEvidence | undefined {
    if (!existsSync(this.path)) return undefined;
    try {
      const j = JSON.parse(readFileSync(this.path, 'utf8')) as Json;
      return { ...j, disagreeingStake: BigInt(j.disagreeingStake), totalStake: BigInt(j.totalStake) };
    } catch (e) {
      // A damaged halt file must not silently un-halt the node.
      throw new DomainsError(
        DomainsError.HALT_FILE,
        `halt file ${this.path} unreadable: ${(e as Error).message}`,
      );
    }
  }

  save(e: DivergenceEvidence): void {
    const j: Json = {
      ...e,
      disagreeingStake: e.disagreeingStake.toString(),
      totalStake: e.totalStake.toString(),
    };
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(j, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }

  clear(): void {
    if (existsSync(this.path)) unlinkSync(this.path);
  }
}
