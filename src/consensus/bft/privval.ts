/**
 * The last-signed record (CometBFT's privval state): before a signature leaves this object, the
 * (height, round, step) and the signed bytes are stored durably; afterwards it refuses anything
 * that would conflict: a lower position, or different bytes at the same position. Re-signing the
 * identical bytes returns the stored signature, which is what a validator replaying its WAL after a
 * crash needs.
 *
 * The driver uses the deferred form ({@link PrivValidator.signVoteDeferred}): the record is
 * checked and taken in memory at once (so every later request is judged against it), and written
 * off the event loop when the store can ({@link RecordStore.saveAsync}); the caller releases the
 * signature only once `durable` settles, meanwhile syncing its write-ahead log (height-effects.ts).
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
  /**
   * {@link save} off the event loop, durable when the promise settles; the caller never starts
   * another save before it does. Stores without it are saved with `save`.
   */
  saveAsync?(record: Uint8Array): Promise<void>;
}

/** Save `record` with the store's asynchronous save when it has one. */
export function saveRecord(store: RecordStore, record: Uint8Array): Promise<void> {
  if (store.saveAsync !== undefined) return store.saveAsync(record);
  store.save(record);
  return Promise.resolve();
}

/** A signature that must not leave before `durable` settles (it rejects if the save failed). */
export interface DeferredSignature {
  readonly signature: Uint8Array;
  readonly durable: Promise<void>;
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
  /** The last deferred save (saves run one after another, in the order they were taken). */
  private saving: Promise<void> = Promise.resolve();

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

  /** Sign a vote or throw DOUBLE_SIGN_REFUSED (durable on return; not mixed with the deferred form). */
  signVote(body: VoteBody): Uint8Array {
    return this.now(this.take(...voteArgs(body), this.ctx.vote));
  }

  /** Sign a proposal or throw DOUBLE_SIGN_REFUSED (durable on return). */
  signProposal(body: ProposalBody): Uint8Array {
    return this.now(this.take(...proposalArgs(body), this.ctx.proposal));
  }

  /** Sign a vote now (or throw DOUBLE_SIGN_REFUSED); release it only once `durable` settles. */
  signVoteDeferred(body: VoteBody): DeferredSignature {
    return this.defer(this.take(...voteArgs(body), this.ctx.vote));
  }

  /** Sign a proposal now (or throw DOUBLE_SIGN_REFUSED); release it only once `durable` settles. */
  signProposalDeferred(body: ProposalBody): DeferredSignature {
    return this.defer(this.take(...proposalArgs(body), this.ctx.proposal));
  }

  /** Store the taken record, then hold it as the last (a failed save changes nothing). */
  private now(s: Taken): Uint8Array {
    if (s.next !== undefined) {
      this.store.save(encodeLastSign(s.next));
      this.last = s.next;
    }
    return s.signature;
  }

  /**
   * Hold the taken record as the last at once (later requests are judged against it, which only
   * refuses more), and save it after any save in flight; a failed save rejects `durable`, and so
   * does re-signing its bytes later, whose `durable` is that save.
   */
  private defer(s: Taken): DeferredSignature {
    // Re-signing the stored bytes needs no save, but the save that stored them may be in flight.
    if (s.next === undefined) return { signature: s.signature, durable: this.saving };
    this.last = s.next;
    const record = encodeLastSign(s.next);
    const durable = this.saving.catch(() => {}).then(() => saveRecord(this.store, record));
    this.saving = durable;
    return { signature: s.signature, durable };
  }

  /**
   * Check the position against the last-signed record and sign; `next` is the record to store
   * (absent when the identical bytes were signed before).
   */
  private take(height: bigint, round: number, step: number, signBytes: Uint8Array, context: string): Taken {
    const l = this.last;
    if (l !== undefined) {
      const c = compare(height, round, step, l);
      const refuse = (why: string) =>
        new BftError(BftError.DOUBLE_SIGN_REFUSED, `refusing to sign at ${height}/${round}/${step}: ${why}`);
      if (c < 0) throw refuse(`already signed at ${l.height}/${l.round}/${l.step}`);
      if (c === 0) {
        if (bytesEqual(l.sign_bytes, signBytes)) return { signature: l.signature };
        throw refuse('conflicts with what was signed there');
      }
    }
    const signature = this.signer.sign(context, signBytes);
    return { signature, next: { height, round, step, sign_bytes: signBytes, signature } };
  }
}

/** A signature made by `take`, and the record to store for it, if any. */
interface Taken {
  readonly signature: Uint8Array;
  readonly next?: LastSign;
}

function voteArgs(body: VoteBody): [bigint, number, number, Uint8Array] {
  const step = body.type === VoteType.Prevote ? SignStep.Prevote : SignStep.Precommit;
  return [body.height, body.round, step, voteSignBytes(body)];
}

function proposalArgs(body: ProposalBody): [bigint, number, number, Uint8Array] {
  return [body.height, body.round, SignStep.Proposal, proposalSignBytes(body)];
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
