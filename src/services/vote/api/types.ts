/**
 * Types of the vote program. A vote account is identified by its address, which is the staking
 * address of its node's consensus key (`addressFromPublicKey(node)`): one account per validator
 * key, found from a vote or from evidence without an index, and the address delegators escrow to
 * in the staking service (its stake is that address's active escrow in the stake snapshot).
 */

/** Lifecycle of a vote account (APE-7). */
export type VoteStatus = 'inactive' | 'active' | 'deactivating';

/** A validator's latest UED report (APE-15): the height it executed and the UED hash there. */
export interface UedReport {
  height: bigint;
  hash: Uint8Array;
}

/** A fund change waiting for the VED recomputation that activates it (APE-8). */
export interface PendingFund {
  address: Uint8Array;
  /** First epoch whose VED membership carries the new fund. */
  epoch: bigint;
}

/** The stored vote account record. */
export interface VoteAccount {
  /** The validator's consensus public key (32 bytes). */
  node: Uint8Array;
  /** Address allowed to manage the account and to vote (APE-5 vote authority). */
  authority: Uint8Array;
  /** Address paying the validator's VED fees. */
  feePayer: Uint8Array;
  /** Fee-payer fund account (APE-8). */
  fund: Uint8Array;
  pendingFund: PendingFund | null;
  status: VoteStatus;
  /** Epoch of the last activation; null when never activated, or active since genesis. */
  activationEpoch: bigint | null;
  /** Epoch of the last deactivation (by the authority or by slashing); null if none. */
  deactivationEpoch: bigint | null;
  /** Activation is refused while the epoch is below this (APE-26 freeze); 0 when never slashed. */
  frozenUntil: bigint;
  lastReport: UedReport | null;
  /** Reports that named another hash for a height already reported (kept: the first one). */
  reportConflicts: bigint;
  /** Precommits recorded for this account (APE-15). */
  credits: bigint;
}

/** A vote account with its address, as listed from state. */
export interface AddressedVoteAccount {
  address: Uint8Array;
  account: VoteAccount;
}

/** A validator of the BFT engine: consensus key and voting power. */
export interface ValidatorPower {
  pubKey: Uint8Array;
  power: bigint;
}

/** One member of a VED membership (APE-7), with the accounts it brings into the VED. */
export interface VedMember {
  voteAccount: Uint8Array;
  node: Uint8Array;
  authority: Uint8Array;
  feePayer: Uint8Array;
  fund: Uint8Array;
  /** Active escrow of the vote account in the pinned stake snapshot. */
  stake: bigint;
}

/** The VED membership of one epoch; constant during that epoch (shared read-only state). */
export interface VedMembership {
  /** The epoch this membership is valid for. */
  epoch: bigint;
  /** Sorted by public key bytes. */
  validators: ValidatorPower[];
  /** Sorted by vote account address bytes. */
  members: VedMember[];
  /** Addresses mapped RW-VED for `epoch`, sorted and unique. */
  vedAccounts: Uint8Array[];
  /** power = stake / powerDivisor (at least 1): 1 unless the total stake exceeds the BFT cap. */
  powerDivisor: bigint;
}

/** A system-program remap request taking effect with the next VED recomputation (APE-12). */
export interface RemapRequest {
  address: Uint8Array;
  to: 'ved' | 'ued';
}

/** A precommit of a block's LastCommit, with the UED report carried in its extension. */
export interface CommitVote {
  validator: Uint8Array;
  ued?: UedReport;
}

/** Evidence of a validator's misbehaviour at a height (from the BFT layer). */
export interface VoteEvidence {
  validator: Uint8Array;
  height: bigint;
}
