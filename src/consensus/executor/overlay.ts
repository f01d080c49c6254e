/**
 * The per-block state of one domain: a {@link KvState} whose reads fall through to the domain's
 * MKVS tree at the parent height and whose writes are buffered. Checkpoints let a failed
 * transaction be rolled back to just after its fee and nonce bump. At the end of the block the
 * buffered writes are applied to the tree in key order. Account records and the fee pool may be
 * held decoded ({@link HoldsValues}): written several times in a block (fee, debit, credit), they
 * are encoded once, when their bytes are first needed or at the flush.
 */
import { bytesKey, bytesOfKey, copyBytes } from '../../common/index.js';
import { MAX_KEY_BYTES, type StateTree } from '../../mkvs/index.js';
import type { HoldsValues, ValueCodec } from '../accounts/store.js';
import { ConsensusError } from '../errors.js';
import type { KvState } from '../service.js';

/** A value held decoded, with the codec that gives its bytes. */
class Held {
  constructor(
    readonly value: unknown,
    readonly codec: ValueCodec<unknown>,
  ) {}
}

type Value = Uint8Array | null | Held;

/**
 * A key as a string of one character per byte (latin1): string order is then byte order, a
 * prefix stays a prefix, and the conversion is far cheaper than hex on the per-access path.
 */
function keyOf(b: Uint8Array): string {
  if (!(b instanceof Uint8Array)) throw new ConsensusError(ConsensusError.INVALID_KEY, 'key must be bytes');
  return bytesKey(b);
}

/** How many key strings before the last one {@link BlockOverlay} keeps for reuse. */
const RECENT_KEYS = 3;

/** Whether `k` is the {@link keyOf} string of `b`. */
function sameKey(k: string, b: Uint8Array): boolean {
  if (k.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (k.charCodeAt(i) !== b[i]) return false;
  return true;
}

function bytesOf(k: string): Uint8Array {
  return bytesOfKey(k);
}

/** Buffered block state over a tree. */
export class BlockOverlay implements KvState, HoldsValues {
  /** Pending writes by {@link keyOf} key (string order equals bytewise order); null = deleted. */
  readonly #writes = new Map<string, Value>();
  /**
   * For rollback, the keys written under a checkpoint and their previous pending values
   * (undefined = no pending write), side by side (no pair array per write).
   */
  readonly #journalKeys: string[] = [];
  readonly #journalPrev: (Value | undefined)[] = [];
  /**
   * Entries of the journal in use: it is emptied by this count, not by truncating the arrays,
   * which would give back their storage and have every transaction grow them again.
   */
  #journalLength = 0;
  /** The last key string made (see {@link keyFor}). */
  #lastKey = '';
  /** Key strings made before the last one, a ring written at {@link #recentNext}. */
  readonly #recent: string[] = new Array<string>(RECENT_KEYS).fill('');
  #recentNext = 0;
  readonly #marks: number[] = [];

  constructor(private readonly tree: StateTree) {}

  async get(key: Uint8Array): Promise<Uint8Array | null> {
    const now = this.getNow(key);
    return now !== undefined ? now : this.tree.get(key);
  }

  /**
   * The same read without a promise when nothing must be waited for (a pending write, or every
   * node of the key's path at hand): the value or null; undefined means use {@link get}.
   */
  getNow(key: Uint8Array): Uint8Array | null | undefined {
    const k = this.keyFor(key);
    const w = this.#writes.get(k);
    if (w instanceof Held) return this.settle(k, w);
    return w !== undefined ? w : this.tree.getNow(key);
  }

  getValueNow<T>(key: Uint8Array, codec: ValueCodec<T>): T | null | undefined {
    const k = this.keyFor(key);
    const w = this.#writes.get(k);
    if (w instanceof Held && w.codec === codec) return w.value as T;
    const b = w instanceof Held ? this.settle(k, w) : w !== undefined ? w : this.tree.getNow(key);
    return b === undefined || b === null ? b : codec.decode(b);
  }

  setValue<T>(key: Uint8Array, value: T, codec: ValueCodec<T>): void {
    this.write(key, new Held(value, codec as ValueCodec<unknown>));
  }

  set(key: Uint8Array, value: Uint8Array): void {
    if (!(value instanceof Uint8Array))
      throw new ConsensusError(ConsensusError.INVALID_KEY, 'value must be bytes');
    this.write(key, copyBytes(value));
  }

  delete(key: Uint8Array): void {
    this.write(key, null);
  }

  async *entries(prefix: Uint8Array): AsyncIterable<[Uint8Array, Uint8Array]> {
    const p = keyOf(prefix);
    const pending = [...this.#writes].filter(([k]) => k.startsWith(p)).sort(([a], [b]) => (a < b ? -1 : 1));
    const it = this.tree.iterator();
    await it.seek(prefix);
    let i = 0;
    while (true) {
      const key = it.valid && it.key !== null ? keyOf(it.key) : null;
      const tk = key?.startsWith(p) ? key : null;
      const pk = i < pending.length ? pending[i]![0] : null;
      if (tk === null && pk === null) return;
      if (pk !== null && (tk === null || pk <= tk)) {
        const v = pending[i++]![1];
        if (pk === tk) await it.next();
        if (v !== null) yield [bytesOf(pk), v instanceof Held ? this.settle(pk, v) : v];
      } else {
        yield [it.key!, it.value!];
        await it.next();
      }
    }
  }

  /** Start a nested checkpoint. */
  checkpoint(): void {
    this.#marks.push(this.#journalLength);
  }

  /** Undo every write since the last checkpoint and drop it. */
  rollback(): void {
    const m = this.#marks.pop() ?? 0;
    while (this.#journalLength > m) {
      const i = --this.#journalLength;
      const k = this.#journalKeys[i]!;
      const prev = this.#journalPrev[i];
      if (prev === undefined) this.#writes.delete(k);
      else this.#writes.set(k, prev);
    }
  }

  /** Keep every write since the last checkpoint and drop it. */
  release(): void {
    this.#marks.pop();
    if (this.#marks.length === 0) this.clearJournal();
  }

  /** Number of pending keys (for tests and metrics). */
  get pendingCount(): number {
    return this.#writes.size;
  }

  /** Apply the pending writes to the tree in key order and clear them. */
  async flush(): Promise<void> {
    const keys = [...this.#writes.keys()].sort();
    for (const k of keys) {
      const w = this.#writes.get(k)!;
      const v = w instanceof Held ? (w.codec.encode(w.value) as Uint8Array) : w;
      const key = bytesOf(k);
      if (v === null) await this.tree.remove(key);
      else if (!this.tree.insertNow(key, v)) await this.tree.insert(key, v);
    }
    this.#writes.clear();
    this.clearJournal();
    // Drop the journal's references to this block's values.
    this.#journalKeys.length = 0;
    this.#journalPrev.length = 0;
    this.#marks.length = 0;
  }

  /**
   * The bytes of a held value, kept in its place (the same value, so a rollback's journal stays
   * right): it is encoded once however often its bytes are read.
   */
  private settle(k: string, w: Held): Uint8Array {
    const b = w.codec.encode(w.value);
    this.#writes.set(k, b);
    return b;
  }

  private clearJournal(): void {
    this.#journalLength = 0;
  }

  /**
   * {@link keyOf}, giving back a recent string when the bytes are the same: a record is read and
   * then written under one key, and a transaction goes back to keys it used a moment ago (the fee
   * payer's after the fee pool's, the fee pool's after the previous transfer's two accounts); the
   * same string saves making it and hashing it for the map. The few recent strings are kept in a
   * ring, the newest in {@link #lastKey}.
   */
  private keyFor(b: Uint8Array): string {
    if (!(b instanceof Uint8Array)) throw new ConsensusError(ConsensusError.INVALID_KEY, 'key must be bytes');
    if (sameKey(this.#lastKey, b)) return this.#lastKey;
    const recent = this.#recent;
    for (let j = 0; j < RECENT_KEYS; j++) {
      const k = recent[j]!;
      if (sameKey(k, b)) return k;
    }
    const made = bytesKey(b);
    recent[this.#recentNext] = this.#lastKey;
    this.#recentNext = (this.#recentNext + 1) % RECENT_KEYS;
    this.#lastKey = made;
    return made;
  }

  private write(key: Uint8Array, v: Value): void {
    if (!(key instanceof Uint8Array) || key.length === 0 || key.length > MAX_KEY_BYTES) {
      throw new ConsensusError(ConsensusError.INVALID_KEY, `key must be 1..${MAX_KEY_BYTES} bytes`);
    }
    const k = this.keyFor(key);
    if (this.#marks.length > 0) {
      const i = this.#journalLength++;
      this.#journalKeys[i] = k;
      this.#journalPrev[i] = this.#writes.get(k);
    }
    this.#writes.set(k, v);
  }
}
