// Seeded randomized operations against the mempool, checking its invariants after every step
// against a simple model: bounds never exceeded, counts and bytes match what add/update reported,
// evictions only take cheaper, highest-nonce txs, and reaped lists respect per-sender nonce order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash, toHex } from '../../../src/common/index.js';
import { BftError, Mempool } from '../../../src/consensus/bft/index.js';
import { Rng } from '../../helpers/rng.js';
import { FakeApp, mkTx, opts, parseTx, type TxFields } from './mempool-helpers.js';

const BOUNDS = { maxTxs: 24, maxBytes: 2000, maxTxBytes: 150, maxPerSender: 6 };
const SENDERS = Array.from({ length: 12 }, (_, i) => `s${i}`);

interface Item {
  tx: Uint8Array;
  f: TxFields;
}

class Model {
  readonly live = new Map<string, Item>();
  readonly committed: Uint8Array[] = [];
  /** Largest pool size seen after any operation. */
  peak = 0;
  readonly app = new FakeApp();
  readonly mp = new Mempool(opts(this.app, BOUNDS));
  constructor(readonly rng: Rng) {}

  randomTx(): Uint8Array {
    const r = this.rng;
    return mkTx(r.pick(SENDERS), r.int(8), r.int(200), 20 + r.int(150), String(r.int(4)));
  }

  async add(): Promise<void> {
    const r = this.rng.int(20);
    const replay = r === 0 ? this.committed[this.rng.int(this.committed.length)] : undefined;
    const again = r === 1 && this.live.size > 0 ? this.rng.pick([...this.live.values()]).tx : undefined;
    const tx = replay ?? again ?? this.randomTx();
    const before = [this.mp.size, this.mp.bytes];
    const res = await this.mp.add(tx);
    if (replay || again) {
      // Oversize is checked first (a foreign committed tx may be larger than we accept).
      const code = tx.length > BOUNDS.maxTxBytes ? BftError.TX_TOO_LARGE : BftError.TX_DUPLICATE;
      assert.ok(!res.added && res.code === code, 'duplicate refused');
    }
    if (!res.added) {
      assert.deepEqual([this.mp.size, this.mp.bytes], before, 'a rejection changes nothing');
      return;
    }
    assert.ok(tx.length <= BOUNDS.maxTxBytes);
    const item = { tx, f: parseTx(tx)! };
    const gone = [...res.evicted, ...(res.replaced ? [res.replaced] : [])].map((h) => this.take(h));
    let paid = 0n;
    for (const v of gone.slice(0, res.evicted.length)) {
      paid += v.f.fee;
      assert.ok(
        v.f.fee * BigInt(tx.length) < item.f.fee * BigInt(v.tx.length),
        'evicted only cheaper per byte',
      );
      for (const o of this.live.values())
        assert.ok(o.f.sender !== v.f.sender || o.f.nonce < v.f.nonce, 'eviction left no gap');
    }
    assert.ok(res.evicted.length === 0 || paid < item.f.fee, 'eviction costs more than the evicted paid');
    this.live.set(toHex(res.hash), item);
  }

  private take(h: Uint8Array): Item {
    const k = toHex(h);
    const v = this.live.get(k);
    assert.ok(v, 'removed tx was live');
    this.live.delete(k);
    return v;
  }

  reap(): Uint8Array[] {
    const maxBytes = this.rng.int(1500);
    const maxTxs = this.rng.int(25);
    const out = this.mp.reap(maxBytes, maxTxs);
    assert.ok(out.length <= maxTxs);
    assert.ok(out.reduce((n, t) => n + t.length, 0) <= maxBytes);
    const last = new Map<string, bigint>();
    for (const t of out) {
      const f = parseTx(t)!;
      assert.ok(this.live.has(toHex(hash(t))), 'reaped tx is in the pool');
      const prev = last.get(f.sender);
      if (prev === undefined)
        assert.equal(f.nonce, this.lowestNonce(f.sender), 'sender starts at its lowest');
      else assert.equal(f.nonce, prev + 1n, 'sender continues without a gap');
      last.set(f.sender, f.nonce);
    }
    return out;
  }

  private lowestNonce(sender: string): bigint {
    let min: bigint | undefined;
    for (const { f } of this.live.values())
      if (f.sender === sender && (min === undefined || f.nonce < min)) min = f.nonce;
    return min!;
  }

  async update(): Promise<void> {
    const reaped = this.reap();
    const block = reaped.slice(0, this.rng.int(reaped.length + 1));
    if (this.rng.int(4) === 0) block.push(this.randomTx()); // included by another proposer
    for (const { tx } of this.live.values()) if (this.rng.int(10) === 0) this.app.rejectTx(tx);
    await this.mp.update(block);
    for (const t of block) {
      this.live.delete(toHex(hash(t)));
      this.committed.push(t);
    }
    for (const [k, { tx }] of this.live) if (this.app.bad.has(this.app.key(tx))) this.live.delete(k);
    this.app.bad.clear();
  }

  checkInvariants(): void {
    const { mp, live } = this;
    assert.ok(mp.size <= BOUNDS.maxTxs && mp.bytes <= BOUNDS.maxBytes, 'bounds hold');
    this.peak = Math.max(this.peak, mp.size);
    assert.equal(mp.size, live.size, 'count matches the model');
    let bytes = 0;
    const perSender = new Map<string, number>();
    for (const { tx, f } of live.values()) {
      bytes += tx.length;
      assert.ok(mp.has(hash(tx)));
      perSender.set(f.sender, (perSender.get(f.sender) ?? 0) + 1);
    }
    assert.equal(mp.bytes, bytes, 'bytes match the model');
    for (const n of perSender.values()) assert.ok(n <= BOUNDS.maxPerSender);
  }
}

/** Run `ops` random operations from `seed`, checking invariants; returns the model. */
async function run(seed: number, ops: number): Promise<Model> {
  const m = new Model(new Rng(seed));
  for (let i = 0; i < ops; i++) {
    const op = m.rng.int(100);
    if (op < 65) await m.add();
    else if (op < 92) m.reap();
    else await m.update();
    m.checkInvariants();
  }
  return m;
}

for (const seed of [1, 7, 2024]) {
  test(`2,000 random operations keep the mempool invariants (seed ${seed})`, async () => {
    const m = await run(seed, 2000);
    // The run must actually exercise a full pool and commits, not just rejections.
    assert.ok(m.committed.length > 50, `only ${m.committed.length} commits`);
    assert.ok(m.peak >= (BOUNDS.maxTxs * 3) / 4, `the pool was filled (peak ${m.peak})`);
    assert.ok(m.mp.size > 0, 'the pool ends non-empty');
  });
}

test('the same operations give the same pool and the same proposal', async () => {
  const [x, y] = [await run(99, 600), await run(99, 600)];
  assert.deepEqual(x.mp.reap(1e9, 1e9), y.mp.reap(1e9, 1e9));
  assert.equal(x.mp.bytes, y.mp.bytes);
});
