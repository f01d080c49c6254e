/**
 * Seeded random blocks for executor property tests: transfers (valid, overdrawn, cross-domain),
 * replays, wrong nonces, account creation, remap requests, writable programs and garbage bytes.
 * Nonces are read from a reference chain so most transactions are valid.
 */
import type { Ed25519Signer } from '../../src/common/index.js';
import { programAddress } from '../../src/consensus/index.js';
import { addr, quantityRaw, signer, type TestChain } from './chain.js';
import type { Rng } from './rng.js';

/** Generates blocks for a set of users against a reference chain. */
export class BlockGen {
  readonly users: Ed25519Signer[];
  private readonly sent: Uint8Array[] = [];
  /** Addresses nobody holds a key for (accounts created on their behalf). */
  private readonly fresh: Uint8Array[];
  private readonly addrs: Map<Ed25519Signer, Uint8Array>;

  constructor(
    private readonly rng: Rng,
    userCount: number,
    firstSeed = 1000,
  ) {
    this.users = Array.from({ length: userCount }, (_, i) => signer(firstSeed + i));
    this.addrs = new Map(this.users.map((u) => [u, addr(u)]));
    this.fresh = Array.from({ length: 64 }, () => Uint8Array.of(0, ...rng.bytes(20)));
  }

  /** Current nonce of a user in whichever domain holds it (0 when none does). */
  private async nonce(ref: TestChain, u: Ed25519Signer): Promise<bigint> {
    const a =
      (await ref.account('ued', this.addrs.get(u)!)) ?? (await ref.account('ved', this.addrs.get(u)!));
    return a?.nonce ?? 0n;
  }

  /** One block of up to `maxTxs` transactions. */
  async block(ref: TestChain, maxTxs: number): Promise<Uint8Array[]> {
    const txs: Uint8Array[] = [];
    const used = new Set<Ed25519Signer>();
    const n = this.rng.int(maxTxs + 1);
    for (let i = 0; i < n; i++) {
      const from = this.rng.pick(this.users);
      if (used.has(from)) continue; // one transaction per sender per block keeps nonces simple
      used.add(from);
      txs.push(await this.tx(ref, from));
    }
    return txs;
  }

  private async tx(ref: TestChain, from: Ed25519Signer): Promise<Uint8Array> {
    const r = this.rng;
    let nonce = await this.nonce(ref, from);
    if (r.chance(30)) nonce += 1n; // wrong nonce: skipped
    const to = this.addrs.get(r.pick(this.users))!;
    const amount = r.chance(50) ? BigInt(r.u32()) * BigInt(r.u32()) * 1_000_000n : BigInt(r.int(5000));
    const fee = BigInt(r.int(20));
    const kind = r.int(100);
    if (kind < 3 && this.sent.length > 0) return r.pick(this.sent); // replay
    if (kind < 5) return r.bytes(r.range(1, 200)); // garbage
    let t: Uint8Array;
    if (kind < 8)
      t = ref.tx(from, nonce, 'system.RequestRemap', { to: r.chance(500) ? 'ved' : 'ued' }, { fee });
    else if (kind < 11) {
      const fresh = this.fresh[r.int(this.fresh.length)]!;
      t = ref.tx(
        from,
        nonce,
        'system.CreateAccount',
        { address: fresh, amount: quantityRaw(amount % 100n) },
        { fee, accounts: [{ address: fresh, writable: true }] },
      );
    } else if (kind < 13) {
      const p = programAddress('system');
      t = ref.tx(
        from,
        nonce,
        'system.Transfer',
        { to: p, amount: quantityRaw(1n) },
        { fee, accounts: [{ address: p, writable: true }] },
      );
    } else if (kind < 15) t = ref.transfer(from, nonce, to, amount, { fee, gas: BigInt(r.int(3000)) });
    else if (this.addrs.get(from) === to)
      t = ref.tx(from, nonce, 'system.Transfer', { to, amount: quantityRaw(amount) }, { fee });
    else t = ref.transfer(from, nonce, to, amount, { fee });
    this.sent.push(t);
    if (this.sent.length > 64) this.sent.shift();
    return t;
  }
}
