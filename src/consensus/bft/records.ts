/**
 * What the driver persists: WAL records (every engine input, plus the answers of the
 * application, so a replay never asks it again) and the consensus state after each height.
 */
import {
  array,
  bool,
  bytes,
  bytes32,
  type Codec,
  concatBytes,
  decodeWith,
  encodeWith,
  nullable,
  struct,
  text,
  u32,
  u64,
  utf8,
  variant,
} from '../../common/index.js';
import type { EngineInput } from './engine-types.js';
import { BftError } from './errors.js';
import {
  type Block,
  blockCodec,
  type Commit,
  proposalBodyCodec,
  proposalCodec,
  type VoteBody,
  voteCodec,
} from './messages.js';
import { decodeValidatorList, type Validator, ValidatorSet } from './validator-set.js';

/** 1,000 validators of (32-byte key, u64 power) with map overhead fit well inside this. */
const VALIDATOR_LIST_MAX_BYTES = 1000 * 64;

const timeoutStep = text(16);
const walCodec = variant(
  {
    proposal: proposalCodec,
    vote: voteCodec,
    timeout: struct({ height: u64, round: u32, step: timeoutStep }, 'Timeout'),
    block: struct({ height: u64, round: u32, block: blockCodec }, 'OwnBlock'),
    validated: struct({ hash: text(64), valid: bool }, 'Validated'),
  },
  'WalRecord',
);

// The canonical CBOR prefix of `{"vote": {"body": …` and the middle `"signature": bytes(64)`:
// a received vote is logged by splicing its already encoded body (its signed bytes) between them.
const VOTE_PREFIX = Uint8Array.of(0xa1, 0x64, ...utf8('vote'), 0xa2, 0x64, ...utf8('body'));
const SIG_INFIX = Uint8Array.of(0x69, ...utf8('signature'), 0x58, 0x40);
// `{"proposal": {"body": …, "block": …, "signature": …}}` (keys in canonical length-first order).
const PROPOSAL_PREFIX = Uint8Array.of(0xa1, 0x68, ...utf8('proposal'), 0xa3, 0x64, ...utf8('body'));
const BLOCK_KEY = Uint8Array.of(0x65, ...utf8('block'));

/** Encodings a node memoizes per object (see `ChainContexts`). */
export interface EncodingMemo {
  signBytes(b: VoteBody): Uint8Array;
  blockBytes(b: Block): Uint8Array;
}

/**
 * Encode an engine input as a WAL record. With `memo` (the node's memoized encodings), votes and
 * proposals are spliced from the encodings the node already made instead of encoded again.
 */
export function encodeInput(i: EngineInput, memo?: EncodingMemo): Uint8Array {
  if (memo !== undefined && i.kind === 'vote' && i.vote.signature.length === 64) {
    return concatBytes(VOTE_PREFIX, memo.signBytes(i.vote.body), SIG_INFIX, i.vote.signature);
  }
  if (memo !== undefined && i.kind === 'proposal' && i.proposal.signature.length === 64) {
    const p = i.proposal;
    const body = encodeWith(proposalBodyCodec, p.body);
    return concatBytes(PROPOSAL_PREFIX, body, BLOCK_KEY, memo.blockBytes(p.block), SIG_INFIX, p.signature);
  }
  const { kind, ...rest } = i;
  const v = kind === 'proposal' ? i.proposal : kind === 'vote' ? i.vote : rest;
  return encodeWith(walCodec as Codec<unknown>, { [kind]: v });
}

/** Decode a WAL record back into the engine input it recorded. */
export function decodeInput(b: Uint8Array): EngineInput {
  const r = decodeWith(walCodec as Codec<unknown>, b, { maxSize: 8 * 1024 * 1024 });
  const [kind, v] = Object.entries(r as object)[0] as [string, Record<string, unknown>];
  if (kind === 'proposal') return { kind, proposal: v as never };
  if (kind === 'vote') return { kind, vote: v as never };
  if (kind === 'timeout') {
    const step = v.step as string;
    if (step !== 'propose' && step !== 'prevote' && step !== 'precommit') {
      throw new BftError(BftError.MALFORMED_MESSAGE, `WAL timeout step ${step}`);
    }
  }
  return { kind, ...v } as EngineInput;
}

const signedInt: Codec<bigint> = {
  name: 'signed-int',
  toCbor: (v) => v.toString(10),
  fromCbor(raw, path) {
    if (typeof raw !== 'string' || !/^-?(0|[1-9][0-9]{0,19})$/.test(raw)) {
      throw new BftError(BftError.MALFORMED_MESSAGE, `${path}: expected a decimal integer`);
    }
    return BigInt(raw);
  },
};
const validatorCodec = struct({ pub_key: bytes32, power: u64 }, 'Validator');
const stateCodec = struct(
  {
    height: u64,
    time: u64,
    last_block_hash: bytes32,
    // The two lists are carried as their canonical encodings: each is encoded once per epoch
    // (ValidatorSet.listBytes) instead of at every height's checkpoint.
    validators: bytes({ max: VALIDATOR_LIST_MAX_BYTES }),
    priorities: array(signedInt, 1000),
    pending: nullable(array(validatorCodec, 1000)),
    last_validators: nullable(bytes({ max: VALIDATOR_LIST_MAX_BYTES })),
  },
  'ConsensusState',
);

/** The consensus state after committing `height` (what the next height starts from). */
export interface ConsensusState {
  height: bigint;
  time: bigint;
  lastBlockHash: Uint8Array;
  /**
   * The commit of `height` (goes into the next block). Not part of the encoded state: it is
   * stored with its block in the block store, which is written first, and loaded from there.
   */
  lastCommit: Commit | null;
  /** Validator set of height + 1, with priorities. */
  next: ValidatorSet;
  /** Updates announced by the application, applied at the next epoch boundary. */
  pending: Validator[] | null;
  /** Validators of `height` (they signed `lastCommit`), null before the first block. */
  lastSet: ValidatorSet | null;
}

export function encodeState(s: ConsensusState): Uint8Array {
  return encodeWith(stateCodec, {
    height: s.height,
    time: s.time,
    last_block_hash: s.lastBlockHash,
    validators: s.next.listBytes(),
    priorities: [...s.next.priorityList()],
    pending: s.pending?.map((v) => ({ pub_key: v.pubKey, power: v.power })) ?? null,
    last_validators: s.lastSet?.listBytes() ?? null,
  });
}

export function decodeState(b: Uint8Array): ConsensusState {
  const r = decodeWith(stateCodec, b);
  const vals = decodeValidatorList(r.validators);
  if (r.priorities.length !== vals.length) throw new BftError(BftError.MALFORMED_MESSAGE, 'state priorities');
  return {
    height: r.height,
    time: r.time,
    lastBlockHash: r.last_block_hash,
    lastCommit: null,
    next: new ValidatorSet(vals, r.priorities),
    pending: r.pending?.map((v) => ({ pubKey: v.pub_key, power: v.power })) ?? null,
    lastSet: r.last_validators ? new ValidatorSet(decodeValidatorList(r.last_validators)) : null,
  };
}
