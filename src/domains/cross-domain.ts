/**
 * The pinned cross-domain records (docs/state.md, "Cross-domain flows"): what one domain hands
 * the other, or the block hands both, as canonical CBOR under a fixed name in
 * {@link CrossDomainInput}. Each record is decoded strictly and bounded; a malformed record fails
 * the block's execution with a coded error and changes nothing.
 */
import {
  ADDRESS_SIZE,
  array,
  bytes,
  bytes32,
  type Codec,
  decodeWith,
  encodeWith,
  optional,
  quantity,
  struct,
  TandemError,
  u64,
} from '../common/index.js';
import { type CrossDomainInput, type DomainId, domainIdCodec } from '../consensus/index.js';
import type { CommitVote, RemapRequest, VoteEvidence } from '../services/vote/index.js';
import { DomainsError } from './errors.js';

/** Names of the records. */
export const Pinned = {
  /** UED → VED: the stake snapshot of the end of epoch N−1, for the VED at the start of N. */
  stake: 'stake',
  /** UED → VED: the UED's remaps taking effect at N+1 (fixed by the end of N−1). */
  uedRemaps: 'ued-remaps',
  /** VED → UED: the VED membership of the ending epoch, for rewards (APE-25). */
  membership: 'membership',
  /** Block → VED: the precommits of an earlier commit, with their UED reports (APE-15). */
  commit: 'commit',
  /** Block → both: equivocation evidence (APE-26). */
  evidence: 'evidence',
  /** VED → UED: roothash's outbox of the same height (runtime messages, penalties; RT-14, RT-27). */
  runtimeOutbox: 'runtime-outbox',
  /** UED → VED: the UED's inbox of incoming runtime messages of epoch N−1 (first block of N). */
  runtimeInbox: 'runtime-inbox',
} as const;

/** Most rows of a pinned record (validators, escrow accounts, remaps). */
export const MAX_PINNED_ROWS = 100_000;

const address = bytes({ len: ADDRESS_SIZE });

/** A stake snapshot: escrow account → active balance, at the end of `epoch`. */
export interface PinnedStake {
  epoch: bigint;
  entries: { account: Uint8Array; balance: bigint }[];
}

const stakeCodec: Codec<PinnedStake> = struct(
  { epoch: u64, entries: array(struct({ account: address, balance: quantity }, 'Row'), MAX_PINNED_ROWS) },
  'PinnedStake',
);

/** Remaps of one domain taking effect at `epoch`. */
export interface PinnedRemaps {
  epoch: bigint;
  moves: { address: Uint8Array; to: DomainId }[];
}

const remapsCodec: Codec<PinnedRemaps> = struct(
  { epoch: u64, moves: array(struct({ address, to: domainIdCodec }, 'Move'), MAX_PINNED_ROWS) },
  'PinnedRemaps',
);

const commitCodec: Codec<CommitVote[]> = array(
  struct({ validator: bytes32, ued: optional(struct({ height: u64, hash: bytes32 }, 'UedReport')) }, 'Vote'),
  10_000,
) as Codec<CommitVote[]>;

const evidenceCodec: Codec<VoteEvidence[]> = array(
  struct({ validator: bytes32, height: u64 }, 'Evidence'),
  1024,
);

function decode<T>(codec: Codec<T>, b: Uint8Array, name: string): T {
  try {
    return decodeWith(codec, b, { maxSize: 64 * MAX_PINNED_ROWS });
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new DomainsError(DomainsError.INVALID_PINNED, `pinned ${name}: ${e.message}`);
  }
}

/** Encoders of the records. */
export const encodePinned = {
  stake: (v: PinnedStake): Uint8Array => encodeWith(stakeCodec, v),
  remaps: (v: PinnedRemaps): Uint8Array => encodeWith(remapsCodec, v),
  commit: (v: readonly CommitVote[]): Uint8Array => encodeWith(commitCodec, [...v]),
  evidence: (v: readonly VoteEvidence[]): Uint8Array => encodeWith(evidenceCodec, [...v]),
};

/** The record `name` of a block's pinned input, or undefined. */
function record(input: CrossDomainInput | undefined, name: string): Uint8Array | undefined {
  return input?.[name];
}

/** The pinned stake snapshot; throws MISSING_PINNED unless it is there for `epoch`. */
export function pinnedStake(input: CrossDomainInput | undefined, epoch: bigint): PinnedStake {
  const b = record(input, Pinned.stake);
  if (b === undefined) {
    throw new DomainsError(DomainsError.MISSING_PINNED, `no pinned stake snapshot of epoch ${epoch}`);
  }
  const v = decode(stakeCodec, b, Pinned.stake);
  if (v.epoch !== epoch) {
    throw new DomainsError(DomainsError.INVALID_PINNED, `pinned stake is of epoch ${v.epoch}, not ${epoch}`);
  }
  return v;
}

/** The UED's pinned remaps for `epoch` as remap requests (none when absent). */
export function pinnedUedRemaps(input: CrossDomainInput | undefined, epoch: bigint): RemapRequest[] {
  const b = record(input, Pinned.uedRemaps);
  if (b === undefined) return [];
  const v = decode(remapsCodec, b, Pinned.uedRemaps);
  if (v.epoch !== epoch) {
    throw new DomainsError(
      DomainsError.INVALID_PINNED,
      `pinned remaps are of epoch ${v.epoch}, not ${epoch}`,
    );
  }
  return v.moves.map((m) => ({ address: m.address, to: m.to }));
}

/** The pinned commit votes (none when absent). */
export function pinnedCommit(input: CrossDomainInput | undefined): CommitVote[] {
  const b = record(input, Pinned.commit);
  return b === undefined ? [] : decode(commitCodec, b, Pinned.commit);
}

/** The pinned evidence (none when absent). */
export function pinnedEvidence(input: CrossDomainInput | undefined): VoteEvidence[] {
  const b = record(input, Pinned.evidence);
  return b === undefined ? [] : decode(evidenceCodec, b, Pinned.evidence);
}
