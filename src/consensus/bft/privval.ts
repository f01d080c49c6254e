/**
 * The last-signed record (CometBFT's privval state): before a signature leaves this object, the
 * (height, round, step) and the signed bytes are stored durably; afterwards it refuses anything
 * that would conflict: a lower position, or different bytes at the same position. Re-signing the
 * identical bytes returns the stored signature, which is what a validator replaying its WAL after a
 * crash needs.
 */
import {
  bytes,
  bytes64,
  bytesEqual,
  decodeWith,
  type Signer,
  struct,
  u8,
  u32,
  u64,
} from '../../common/index.js';
import type { ChainContexts } from './chain-contexts.js';
import { BftError } from './errors.js';
import { type ProposalBody, type VoteBody, VoteType } from './messages.js';
import { encodeLastSign } from './record-bytes.js';
import { proposalSignBytes, voteSignBytes } from './signing.js';

/** Durable storage of one small record (written atomically, durable before `save` returns). */
export interface RecordStore {
  load(): Uint8Array | undefined;
  save(record: Uint8Array): void;
}

/** Signing steps in order within a round. */
export const SignStep = { Proposal: 1, Prevote: 2, Precommit: 3 } as const;

const stateCodec = struct(
  { height: u64, round: u32, step: u8, sign_bytes: bytes({ max: 1024 }), signature: bytes64 },
  'LastSignState',
);
type LastSign = ReturnType<typeof stateCodec.fromCbor>;

export class PrivValidator {
  private last: LastSign | undefined;

  constructor(
    private readonly signer: Signer,
    private readonly store: RecordStore,
    private readonly ctx: ChainContexts,
  ) {
    const raw = store.load();
    this.last = raw === undefined ? undefined : decodeWith(stateCodec, raw);
  }

  get publicKey(): Uint8Array {
    return this.signer.publicKey;
  }

  /** Sign a vote or throw DOUBLE_SIGN_REFUSED. */
  signVote(body: VoteBody): Uint8Array {
    const step = body.type === VoteType.Prevote ? SignStep.Prevote : SignStep.Precommit;
    return this.sign(body.height, body.round, step, voteSignBytes(body), this.ctx.vote);
  }

  /** Sign a proposal or throw DOUBLE_SIGN_REFUSED. */
  signProposal(body: ProposalBody): Uint8Array {
    return this.sign(body.height, body.round, SignStep.Proposal, proposalSignBytes(body), this.ctx.proposal);
  }

  private sign(
    height: bigint,
    round: number,
    step: number,
    signBytes: Uint8Array,
    context: string,
  ): Uint8Array {
    const l = this.last;
    if (l !== undefined) {
      const c = compare(height, round, step, l);
      const refuse = (why: string) =>
        new BftError(BftError.DOUBLE_SIGN_REFUSED, `refusing to sign at ${height}/${round}/${step}: ${why}`);
      if (c < 0) throw refuse(`already signed at ${l.height}/${l.round}/${l.step}`);
      if (c === 0) {
        if (bytesEqual(l.sign_bytes, signBytes)) return l.signature;
        throw refuse('conflicts with what was signed there');
      }
    }
    const signature = this.signer.sign(context, signBytes);
    const next = { height, round, step, sign_bytes: signBytes, signature };
    this.store.save(encodeLastSign(next));
    this.last = next;
    return signature;
  }
}

function compare(h: bigint, r: number, s: number, l: LastSign): number {
  if (h !== l.height) return h < l.height ? -1 : 1;
  if (r !== l.round) return r < l.round ? -1 : 1;
  return s === l.step ? 0 : s < l.step ? -1 : 1;
}

/** An in-memory record store (tests, simulator: survives a simulated crash). */
export class MemoryRecordStore implements RecordStore {
  private v: Uint8Array | undefined;
  load(): Uint8Array | undefined {
    return this.v;
  }
  save(record: Uint8Array): void {
    this.v = new Uint8Array(record);
  }
}
