/**
 * Seeded random blocks with valid and invalid transactions of every composed program (system,
 * vote, staking, beacon), plus occasional evidence, for the determinism tests. Nonces come from
 * the state of the instance being followed, so most transactions are valid; every tenth kind is
 * invalid on purpose (garbage, replayed nonce, cross-domain listing, bad body, unknown method).
 */
import { type Ed25519Signer, encodeWith } from '../../src/common/index.js';
import type { Evidence } from '../../src/consensus/bft/index.js';
import { accountKey, decodeAccount } from '../../src/consensus/index.js';
import type { ChainApp } from '../../src/domains/index.js';
import { createConsentCodec, createConsentContext } from '../../src/services/vote/index.js';
import { SimRng } from '../../src/sim/index.js';
import { addrOf, key, quantityRaw, signTx, user, validatorKeys } from './chain-app.js';

const USERS = 6;
const VALIDATORS = 3;

/** A generator of random block contents following one app's state. */
export class RandomBlocks {
  readonly rng: SimRng;
  private fresh = 0;

  constructor(
    seed: number,
    private readonly app: ChainApp,
  ) {
    this.rng = new SimRng(seed);
  }

  /** The next block's transactions (0–2, about 1 on average) and evidence. */
  async next(): Promise<{ txs: Uint8Array[]; evidence: Evidence[] }> {
    const n = this.rng.chance(300) ? 0 : this.rng.chance(700) ? 1 : 2;
    const txs: Uint8Array[] = [];
    for (let i = 0; i < n; i++) txs.push(await this.tx());
    const h = this.app.committed.height;
    const evidence = h >= 1n && this.rng.chance(5) ? [this.evidence(h)] : [];
    return { txs, evidence };
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)]!;
  }

  private async nonce(s: Ed25519Signer): Promise<bigint> {
    const k = accountKey(addrOf(s));
    const raw = (await this.app.vedTree.get(k)) ?? (await this.app.ued.get(k));
    return raw === null ? 0n : decodeAccount(raw).nonce;
  }

  private amount(): Uint8Array {
    return quantityRaw(BigInt(this.rng.int(5000)));
  }

  private async tx(): Promise<Uint8Array> {
    const u = user(this.rng.int(USERS));
    const v = validatorKeys(this.rng.int(VALIDATORS));
    const voteAccount = addrOf(v.node);
    const kind = this.rng.int(14);
    const sign = async (s: Ed25519Signer, method: string, body: unknown, others: Uint8Array[] = []) =>
      signTx(
        this.app,
        s,
        await this.nonce(s),
        method,
        body,
        others.map((address) => ({ address, writable: true })),
      );
    switch (kind) {
      case 0: {
        const to = addrOf(user(this.rng.int(USERS)));
        return sign(u, 'system.Transfer', { to, amount: this.amount() }, [to]);
      }
      case 1: {
        const to = addrOf(this.pick([v.feePayer, v.fund, v.authority]));
        return sign(v.authority, 'system.Transfer', { to, amount: this.amount() }, [to]);
      }
      case 2: {
        const to = addrOf(key(1000 + this.fresh++, 7));
        return sign(
          this.pick([u, v.authority]),
          'system.CreateAccount',
          { address: to, amount: this.amount() },
          [to],
        );
      }
      case 3:
        return sign(this.pick([u, v.fund]), 'system.RequestRemap', { to: this.pick(['ved', 'ued']) });
      case 4:
        return sign(u, 'staking.AddEscrow', {
          account: this.pick([voteAccount, addrOf(u)]),
          amount: this.amount(),
        });
      case 5:
        return sign(u, 'staking.ReclaimEscrow', { account: voteAccount, shares: this.amount() });
      case 6:
        return sign(v.authority, this.pick(['vote.Activate', 'vote.Deactivate']), { account: voteAccount });
      case 7:
        return sign(v.authority, 'vote.SetFund', {
          account: voteAccount,
          fund: addrOf(this.pick([u, v.fund])),
        });
      case 8:
        return sign(v.authority, 'vote.SetFeePayer', { account: voteAccount, fee_payer: addrOf(v.feePayer) });
      case 9:
        return this.createVoteAccount(v.authority);
      case 10:
        return sign(v.authority, 'beacon.VRFProve', { epoch: 0n, pi: this.rng.bytes(80) });
      default:
        return this.invalid(u, v.authority);
    }
  }

  private async createVoteAccount(authority: Ed25519Signer): Promise<Uint8Array> {
    const node = key(this.rng.int(8), 11);
    const consent = { authority: addrOf(authority), fee_payer: addrOf(authority), fund: addrOf(authority) };
    const sig = node.sign(
      createConsentContext(this.app.programs.params.chainContext),
      encodeWith(createConsentCodec, consent),
    );
    const body = { node: node.publicKey, ...consent, node_signature: sig };
    return signTx(this.app, authority, await this.nonce(authority), 'vote.CreateAccount', body);
  }

  private async invalid(u: Ed25519Signer, authority: Ed25519Signer): Promise<Uint8Array> {
    const to = addrOf(user(0));
    switch (this.rng.int(5)) {
      case 0:
        return this.rng.bytes(1 + this.rng.int(60));
      case 1:
        return signTx(this.app, u, (await this.nonce(u)) + 5n, 'system.Transfer', {
          to,
          amount: this.amount(),
        });
      case 2: // a VED fee payer listing a UED account: fails in the VED (APE-14)
        return signTx(
          this.app,
          authority,
          await this.nonce(authority),
          'system.Transfer',
          { to, amount: this.amount() },
          [{ address: to, writable: true }],
        );
      case 3:
        return signTx(this.app, u, await this.nonce(u), 'system.Transfer', { to: 5, amount: 'x' });
      default:
        return signTx(this.app, u, await this.nonce(u), 'nothing.Here', {});
    }
  }

  private evidence(h: bigint): Evidence {
    const node = validatorKeys(this.rng.int(VALIDATORS)).node.publicKey;
    const body = {
      type: 2,
      height: h,
      round: 0,
      block_hash: null,
      validator: 0,
      extension: new Uint8Array(0),
    };
    const vote = { body, signature: new Uint8Array(64) };
    return { pub_key: node, a: vote, b: vote };
  }
}
