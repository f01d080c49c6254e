/**
 * The UED outcomes a worker on the compact store posted, kept durably per height (a LevelDB of
 * its own beside the state log): the compact store holds only its latest version, yet the app's
 * resume record may name an earlier height (it is saved when the outcome reaches the main thread,
 * which a kill can prevent). A restarted worker answers the heights between the record and the
 * store's latest version from here, after checking that each job is the block it executed (the
 * hash of its canonical bytes). Each record is written before the state log's record of that
 * height is handed over, so the log never holds a height whose outcome is lost. The last
 * {@link OUTCOMES_KEPT} heights are kept.
 *
 * Layout: `u64be(height)` → `sha512_256(job bytes) (32) ‖ encoded outcome`.
 */
import { ClassicLevel } from 'classic-level';
import { bytesEqual, hash, toHex, u64be } from '../common/index.js';
import { DomainsError } from './errors.js';

/** Heights of outcomes kept (older ones are removed with each write). */
export const OUTCOMES_KEPT = 256n;

/** A stored outcome: the identity of the job it answers and its canonical bytes. */
export interface StoredOutcome {
  readonly jobHash: Uint8Array;
  readonly outcome: Uint8Array;
}

const U64_MAX = 0xffffffffffffffffn;

/** See the module header. */
export class UedOutcomeLog {
  private constructor(private readonly db: ClassicLevel<Uint8Array, Uint8Array>) {}

  /** Open (creating if needed) the outcome log at `path`. */
  static async open(path: string): Promise<UedOutcomeLog> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    return new UedOutcomeLog(db);
  }

  /** Durably store height `height`'s outcome for the job of `jobBytes`, dropping what is too old. */
  async put(height: bigint, jobBytes: Uint8Array, outcome: Uint8Array): Promise<void> {
    if (height < 0n || height > U64_MAX) {
      throw new DomainsError(DomainsError.UED_STORE, `outcome height ${height} is not a u64`);
    }
    const value = new Uint8Array(32 + outcome.length);
    value.set(hash(jobBytes), 0);
    value.set(outcome, 32);
    const b = this.db.batch().put(u64be(height), value);
    if (height >= OUTCOMES_KEPT) b.del(u64be(height - OUTCOMES_KEPT));
    await b.write({ sync: true });
  }

  /** The outcome stored for `height`, or undefined. */
  async get(height: bigint): Promise<StoredOutcome | undefined> {
    const v = await this.db.get(u64be(height));
    if (v === undefined) return undefined;
    if (v.length < 32) {
      throw new DomainsError(DomainsError.UED_STORE, `stored UED outcome of height ${height} is truncated`);
    }
    return { jobHash: v.subarray(0, 32), outcome: v.subarray(32) };
  }

  /**
   * The stored outcome of `height` for the job of `jobBytes`: UED_STORE when none is stored,
   * JOB_MISMATCH when it answers another block.
   */
  async answer(height: bigint, jobBytes: Uint8Array): Promise<Uint8Array> {
    const s = await this.get(height);
    if (s === undefined) {
      throw new DomainsError(
        DomainsError.UED_STORE,
        `the UED compact store is past height ${height} but holds no outcome for it: cannot resume there`,
      );
    }
    const want = hash(jobBytes);
    if (!bytesEqual(s.jobHash, want)) {
      throw new DomainsError(
        DomainsError.JOB_MISMATCH,
        `UED block ${height} (job ${toHex(want)}) is not the block this node executed (job ${toHex(s.jobHash)})`,
      );
    }
    return s.outcome;
  }

  /** Close the database (every write was synced when it returned). */
  close(): Promise<void> {
    return this.db.close();
  }
}
