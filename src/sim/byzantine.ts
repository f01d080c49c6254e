/**
 * Byzantine behaviours, applied to a validator's outgoing messages (its engine runs unchanged):
 * silence, double votes, equivocating proposals, and the coalition fork attack that, with at
 * least 1/3 of the power and a partition of the honest nodes, makes the two halves decide
 * different blocks (this is how the sweep proves its checker can fail).
 */
import { concatBytes, type Ed25519Signer, toHex, u64be, verify } from '../common/index.js';
import {
  type Block,
  blockHash,
  type ChainContexts,
  type Message,
  type Proposal,
  proposalSignBytes,
  type Vote,
  type VoteBody,
  VoteType,
  voteSignBytes,
} from '../consensus/bft/index.js';
import type { SimRng } from './rng.js';

export type Role = 'honest' | 'silent' | 'double-vote' | 'equivocate' | 'invalid' | 'fork';
export const BYZANTINE_ROLES: readonly Role[] = ['silent', 'double-vote', 'equivocate', 'invalid'];

/** Blocks the fork coalition proposed at (height, round): A goes to group 0, B to group 1. */
export class Coalition {
  readonly forks = new Map<string, { a: Uint8Array; b: Uint8Array }>();
  /** Honest node → group (0 or 1) while the attack runs. */
  groupOf = new Map<string, number>();
}

/** Where a byzantine node's messages go: per-peer sends. */
export interface Out {
  send(to: string, m: Message): void;
  peers(): string[];
}

export class Byzantine {
  constructor(
    readonly role: Role,
    private readonly signer: Ed25519Signer,
    private readonly ctx: ChainContexts,
    private readonly rng: SimRng,
    private readonly coalition: Coalition,
  ) {}

  /** Send `m` the way this role does. */
  broadcast(m: Message, out: Out): void {
    const peers = out.peers();
    if (this.role === 'silent') return;
    if (!this.isOwn(m)) {
      for (const p of peers) out.send(p, m); // relayed votes of others go out unchanged
      return;
    }
    if (this.role === 'fork') {
      this.fork(m, out);
      return;
    }
    const half = Math.ceil(peers.length / 2);
    const alt = this.alternative(m);
    peers.forEach((p, i) => {
      out.send(p, alt && i >= half ? alt : m);
    });
  }

  private isOwn(m: Message): boolean {
    if ('vote' in m)
      return verify(this.signer.publicKey, this.ctx.vote, voteSignBytes(m.vote.body), m.vote.signature);
    return 'proposal' in m;
  }

  /** The conflicting twin of an own message, or null when this role sends none. */
  private alternative(m: Message): Message | null {
    if (this.role === 'double-vote' && 'vote' in m) {
      const b = m.vote.body;
      const other = b.block_hash === null ? this.rng.bytes(32) : null;
      return { vote: this.signVote({ ...b, block_hash: other, extension: this.extensionFor(b, other) }) };
    }
    if (this.role === 'equivocate' && 'proposal' in m) return { proposal: this.twin(m.proposal) };
    return null;
  }

  private fork(m: Message, out: Out): void {
    const byz = out.peers().filter((p) => !this.coalition.groupOf.has(p));
    if ('proposal' in m) {
      // Both halves get a fresh proposal (valid_round −1), so no proof-of-lock is needed.
      const p = this.resign({ ...m.proposal, body: { ...m.proposal.body, valid_round: -1 } });
      m = { proposal: p };
      const twin = this.twin(p);
      this.coalition.forks.set(`${p.body.height}/${p.body.round}`, {
        a: p.body.block_hash,
        b: twin.body.block_hash,
      });
      for (const [peer, g] of this.coalition.groupOf) out.send(peer, g === 0 ? m : { proposal: twin });
      for (const peer of byz) out.send(peer, m);
      return;
    }
    if (!('vote' in m)) return;
    const b = m.vote.body;
    const f = this.coalition.forks.get(`${b.height}/${b.round}`);
    if (!f) {
      // Rounds the coalition does not lead: vote nil everywhere, so rounds move on to one it does.
      const nil = this.signVote({ ...b, block_hash: null, extension: new Uint8Array(0) });
      for (const peer of out.peers()) out.send(peer, { vote: nil });
      return;
    }
    for (const [peer, g] of this.coalition.groupOf) {
      const target = g === 0 ? f.a : f.b;
      out.send(peer, {
        vote: this.signVote({ ...b, block_hash: target, extension: this.extensionFor(b, target) }),
      });
    }
  }

  private extensionFor(b: VoteBody, target: Uint8Array | null): Uint8Array {
    if (b.type !== VoteType.Precommit || target === null) return new Uint8Array(0);
    return b.extension.length > 0 ? b.extension : concatBytes(u64be(b.height - 1n), new Uint8Array(32));
  }

  private signVote(body: VoteBody): Vote {
    return { body, signature: this.signer.sign(this.ctx.vote, voteSignBytes(body)) };
  }

  /** The same proposal for a different block (time + 1 ms), signed without the last-signed guard. */
  private twin(p: Proposal): Proposal {
    const block: Block = { ...p.block, header: { ...p.block.header, time: p.block.header.time + 1n } };
    return this.resign({ body: { ...p.body, block_hash: blockHash(block) }, block, signature: p.signature });
  }

  private resign(p: Proposal): Proposal {
    return { ...p, signature: this.signer.sign(this.ctx.proposal, proposalSignBytes(p.body)) };
  }
}

/** Key of a vote position for double-sign checks. */
export function votePosition(b: VoteBody): string {
  return `${b.height}/${b.round}/${b.type}/${b.validator}`;
}

/** Block id text of a vote ('nil' for nil). */
export function voteTarget(b: VoteBody): string {
  return b.block_hash === null ? 'nil' : toHex(b.block_hash);
}
