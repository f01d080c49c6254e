/**
 * The consensus mempool: transactions waiting for a block. Bounded by count and bytes, each
 * checked by the application on entry and re-checked after every block, ordered per sender by
 * nonce, deduplicated by hash (including recently committed ones), with replace-by-fee and an
 * eviction rule that makes pushing out others' transactions cost more than they paid.
 * Deterministic: the same calls in the same order give the same pool, whatever the timing.
 */
import { copyBytes, hash, toHex } from '../../common/index.js';
import { BftError } from './errors.js';
import {
  type CheckedTx,
  DEFAULT_SEEN_CACHE_SIZE,
  type MempoolOptions,
  runCheck,
  validateOptions,
} from './mempool-check.js';
import { type MempoolEntry, paysReplacement, SenderQueue } from './mempool-entry.js';
import { planEviction } from './mempool-evict.js';
import { SenderNonces } from './mempool-nonces.js';
import { reapEntries } from './mempool-reap.js';
import { SeenCache } from './mempool-seen.js';
import { Serial } from './serial.js';

export type { CheckTxFn, MempoolOptions, TxCheck } from './mempool-check.js';

/** Outcome of {@link Mempool.add}: admitted (with what it pushed out) or a coded rejection. */
export type AddResult =
  | {
      added: true;
      hash: Uint8Array;
      /** Hashes of other transactions evicted to make room, in eviction order. */
      evicted: Uint8Array[];
      /** Hash of this sender's transaction with the same nonce that this one replaced. */
      replaced?: Uint8Array;
    }
  | { added: false; code: number; reason: string };

const reject = (code: number, reason: string): AddResult => ({ added: false, code, reason });

/** An offer waiting for its group's turn. */
interface Offer {
  readonly tx: Uint8Array;
  resolve(r: AddResult | Promise<AddResult>): void;
}

/** An offer's own copy of the bytes and their hash. */
interface Prepared {
  readonly own: Uint8Array;
  readonly hash: Uint8Array;
  readonly key: string;
}

/**
 * A bounded pool of checked transactions (see the module comment for the rules). `add` and
 * `update` may be called concurrently: they run one at a time in call order, so `checkTx` must not
 * call back into `add`/`update` (it would wait for itself). `reap`, `has`, `size` and `bytes` read
 * the current state and may observe an `update` whose re-check is still running.
 */
export class Mempool {
  private readonly opts: MempoolOptions;
  private readonly byKey = new Map<string, MempoolEntry>();
  private readonly senders = new Map<string, SenderQueue>();
  private readonly seen: SeenCache;
  private readonly nonces: SenderNonces;
  private readonly serial = new Serial();
  private totalBytes = 0;
  /** Offers waiting for their turn, checked together when it comes (see {@link admitGroup}). */
  private group: Offer[] | undefined;

  /** @throws BftError MEMPOOL_OPTIONS when a bound is not a positive integer. */
  constructor(opts: MempoolOptions) {
    validateOptions(opts);
    this.opts = { ...opts };
    this.seen = new SeenCache(opts.seenCacheSize ?? DEFAULT_SEEN_CACHE_SIZE);
    this.nonces = new SenderNonces(Math.max(opts.maxTxs, 1_024));
  }

  /** Transactions held. */
  get size(): number {
    return this.byKey.size;
  }

  /** Bytes held (sum of transaction lengths). */
  get bytes(): number {
    return this.totalBytes;
  }

  /** True when a transaction with this hash is in the pool (committed ones are not). */
  has(txHash: Uint8Array): boolean {
    return txHash instanceof Uint8Array && this.byKey.has(toHex(txHash));
  }

  /**
   * Offer a transaction. Never throws: malformed, oversized, duplicate, failing `checkTx`,
   * underpriced replacement, sender over its cap, or no room even after eviction each give a
   * rejection with a `BftError` code. Admissions take effect one at a time in call order; the
   * offers made while the pool is busy (or in one turn) are checked together, see {@link admitGroup}.
   */
  add(tx: Uint8Array): Promise<AddResult> {
    let g = this.group;
    if (g === undefined) {
      const fresh: Offer[] = [];
      this.group = g = fresh;
      void this.serial.run(() => {
        if (this.group === fresh) this.group = undefined;
        return this.admitGroup(fresh);
      });
    }
    const offers = g;
    return new Promise((resolve) => offers.push({ tx, resolve }));
  }

  /**
   * Transactions for a proposal, at most `maxTxs` of them and `maxBytes` bytes in total: highest
   * fee per byte first across senders, each sender strictly by nonce and stopping at a gap, ties
   * by hash. Does not remove anything (that is {@link update}'s job once the block commits).
   * The returned arrays are the pool's own: do not mutate them.
   */
  reap(maxBytes: number, maxTxs: number): Uint8Array[] {
    if (!(maxBytes >= 0) || !(maxTxs >= 0)) return [];
    return reapEntries(this.senders.values(), maxBytes, maxTxs).map((e) => e.tx);
  }

  /**
   * After a block: forget the committed transactions (remembering their hashes so replays are
   * refused), then re-check every remaining one with mode `'recheck'`, senders in sorted order and
   * each sender by nonce, dropping those that fail. A sender's higher nonces above a dropped one
   * stay but are not reaped until the gap is filled.
   * @throws BftError MEMPOOL_ARGUMENT (rejected promise, nothing changed) unless given an array
   *   of byte arrays.
   */
  async update(committed: readonly Uint8Array[]): Promise<void> {
    if (!Array.isArray(committed) || !committed.every((t) => t instanceof Uint8Array))
      throw new BftError(BftError.MEMPOOL_ARGUMENT, 'update expects an array of transactions');
    const keys = committed.map((t) => toHex(hash(t)));
    this.group = undefined; // offers made after this update are checked after it
    return this.serial.run(async () => {
      for (const k of keys) this.commitOne(k);
      await this.recheckAll();
    });
  }

  /**
   * Admit offers in order, as if one after the other. Their checks only read committed state and
   * nothing commits while the pool is busy, so they run together (the application's reads of one
   * group travel together), and each verdict then applies in offer order against the pool as the
   * earlier offers left it. An offer of bytes seen earlier in the group shares that check.
   */
  private async admitGroup(offers: Offer[]): Promise<void> {
    const checks = new Map<string, Promise<CheckedTx>>();
    const prepared = offers.map((o) => {
      const p = this.prepare(o.tx);
      if ('key' in p && !checks.has(p.key) && !this.byKey.has(p.key) && !this.seen.has(p.key))
        checks.set(p.key, runCheck(this.opts.checkTx, p.own, 'new'));
      return p;
    });
    try {
      for (const [i, o] of offers.entries()) {
        const p = prepared[i]!;
        o.resolve('key' in p ? await this.admitChecked(p, checks.get(p.key)) : p);
      }
    } catch (e) {
      // Not expected (checks never throw); an offer must still never hang. Settled ones stay.
      const why = reject(BftError.TX_CHECK_INVALID, `admission failed: ${(e as Error).message}`);
      for (const o of offers) o.resolve(why);
    }
  }

  /** The bounds on the bytes, then our own copy and its hash; or the rejection. */
  private prepare(tx: Uint8Array): Prepared | AddResult {
    if (!(tx instanceof Uint8Array) || tx.length === 0)
      return reject(BftError.TX_MALFORMED, 'transaction must be non-empty bytes');
    if (tx.length > this.opts.maxTxBytes)
      return reject(
        BftError.TX_TOO_LARGE,
        `transaction of ${tx.length} bytes exceeds ${this.opts.maxTxBytes}`,
      );
    // Copy first: the caller may reuse its buffer, and the hash must stay true to what we hold.
    const own = copyBytes(tx);
    const h = hash(own);
    return { own, hash: h, key: toHex(h) };
  }

  private async admitChecked(p: Prepared, check: Promise<CheckedTx> | undefined): Promise<AddResult> {
    const { own, hash: h, key } = p;
    if (this.byKey.has(key)) return reject(BftError.TX_DUPLICATE, 'transaction already in the mempool');
    if (this.seen.has(key)) return reject(BftError.TX_DUPLICATE, 'transaction already committed');
    const c = await (check ?? runCheck(this.opts.checkTx, own, 'new'));
    if (!c.ok) return reject(c.code, c.reason);
    if (c.next !== undefined) this.raiseNext(c.sender, c.next);
    const e: MempoolEntry = {
      tx: own,
      hash: h,
      key,
      sender: c.sender,
      nonce: c.nonce,
      fee: c.fee,
      len: BigInt(own.length),
    };
    return this.place(e);
  }

  /** Admit a checked entry: replacement, per-sender cap, then room by eviction. */
  private place(e: MempoolEntry): AddResult {
    const q = this.senders.get(e.sender);
    const old = q?.find(e.nonce);
    if (old && !paysReplacement(e, old))
      return reject(BftError.TX_REPLACEMENT_UNDERPRICED, 'replacement must pay at least 10% more per byte');
    if (!old && q && q.size >= this.opts.maxPerSender)
      return reject(BftError.SENDER_FULL, `sender already has ${q.size} transactions in the mempool`);
    const need = {
      count: this.size + (old ? 0 : 1) - this.opts.maxTxs,
      bytes: this.totalBytes + e.tx.length - (old?.tx.length ?? 0) - this.opts.maxBytes,
    };
    const victims = need.count > 0 || need.bytes > 0 ? planEviction(this.senders.values(), e, need) : [];
    if (victims === undefined)
      return reject(BftError.POOL_FULL, 'mempool full and the transaction does not outbid enough others');
    for (const v of victims) this.remove(v);
    if (old) this.remove(old);
    this.insert(e);
    const res: AddResult = { added: true, hash: e.hash, evicted: victims.map((v) => v.hash) };
    if (old) res.replaced = old.hash;
    return res;
  }

  private insert(e: MempoolEntry): void {
    let q = this.senders.get(e.sender);
    if (!q) {
      this.senders.set(e.sender, (q = new SenderQueue()));
      q.next = this.nonces.get(e.sender);
    }
    q.insert(e);
    this.byKey.set(e.key, e);
    this.totalBytes += e.tx.length;
  }

  private remove(e: MempoolEntry): void {
    const q = this.senders.get(e.sender);
    q?.remove(e);
    if (q?.size === 0) this.senders.delete(e.sender);
    this.byKey.delete(e.key);
    this.totalBytes -= e.tx.length;
  }

  /** A committed transaction: remember it, and drop it if we hold it. */
  private commitOne(key: string): void {
    this.seen.add(key);
    const e = this.byKey.get(key);
    if (!e) return;
    this.remove(e);
    this.raiseNext(e.sender, e.nonce + 1n);
    const q = this.senders.get(e.sender);
    // The sender's chain moved past the recorded gap, so what remains may be next again.
    if (q?.floor !== undefined && e.nonce >= q.floor) q.floor = undefined;
  }

  private async recheckAll(): Promise<void> {
    const names = [...this.senders.keys()].sort();
    const entries = names.flatMap((name) => [...(this.senders.get(name)?.txs ?? [])]);
    // The checks only read committed state, so they run together (an application may share one
    // read among a sender's transactions, and its reads overlap); the verdicts then apply in the
    // same order as one check after the other would (senders sorted, each by nonce).
    const checks = await Promise.all(entries.map((e) => runCheck(this.opts.checkTx, e.tx, 'recheck')));
    entries.forEach((e, i) => {
      const c = checks[i]!;
      if (c.ok && c.sender === e.sender && c.next !== undefined) this.raiseNext(c.sender, c.next);
      if (stillValid(e, c)) e.fee = c.fee;
      else if (this.byKey.get(e.key) === e) this.dropFailed(e);
    });
  }

  /** Learn a sender's next nonce, for its queue too when it has one. */
  private raiseNext(sender: string, next: bigint): void {
    const known = this.nonces.raise(sender, next);
    const q = this.senders.get(sender);
    if (q) q.next = known;
  }

  /** Drop a transaction that failed re-check, recording the gap it leaves under higher nonces. */
  private dropFailed(e: MempoolEntry): void {
    this.remove(e);
    const q = this.senders.get(e.sender);
    const last = q?.txs[q.txs.length - 1];
    if (q && last && last.nonce > e.nonce && (q.floor === undefined || e.nonce < q.floor)) q.floor = e.nonce;
  }
}

/** A re-check passes only when it still names the same sender and nonce. */
function stillValid(e: MempoolEntry, c: CheckedTx): c is CheckedTx & { ok: true } {
  return c.ok && c.sender === e.sender && c.nonce === e.nonce;
}
