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
  decodeWith,
  encodeWith,
  nullable,
  struct,
  text,
  u32,
  u64,
  variant,
} from '../../common/index.js';
import type { EngineInput } from './engine-types.js';
import { BftError } from './errors.js';
import { blockCodec, type Commit, proposalCodec, voteCodec } from './messages.js';
import {
  type EncodingMemo,
  encodeInputRecord,
  encodeStateRecord,
  VALIDATOR_LIST_MAX_BYTES,
} from './record-bytes.js';
import { decodeValidatorList, type Validator, ValidatorSet } from './validator-set.js';

export type { EncodingMemo } from './record-bytes.js';

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

/**
 * Encode an engine input as a WAL record. With `memo` (the node's memoized encodings), the
 * fixed-layout encoder splices the encodings the node already made; without it, the generic
 * schema codec (the reference the fixed layout is tested against) encodes it.
 */
export function encodeInput(i: EngineInput, memo?: EncodingMemo): Uint8Array {
  if (memo !== undefined) return encodeInputRecord(i, memo);
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

/** Encode the consensus state record (fixed layout; `decodeState` is its strict inverse). */
export function encodeState(s: ConsensusState): Uint8Array {
  return encodeStateRecord(s);
}

/** Strictly decode a consensus state record. */
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
