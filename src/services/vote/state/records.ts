/**
 * Canonical CBOR of the stored records: the vote account and the VED membership. Decoding is
 * strict (unknown fields, non-canonical bytes and out-of-range values refused) and a failure is a
 * `MALFORMED_STATE` error: state is written only by this program, so bad bytes mean corruption.
 */
import {
  array,
  bytes32,
  type Codec,
  decodeWith,
  encodeWith,
  nullable,
  quantity,
  struct,
  u64,
  uint,
} from '../../../common/index.js';
import { addressCodec } from '../api/codecs.js';
import { VoteError } from '../api/errors.js';
import { MAX_VALIDATORS_LIMIT } from '../api/params.js';
import type { VedMembership, VoteAccount, VoteStatus } from '../api/types.js';

const STATUSES: readonly VoteStatus[] = ['inactive', 'active', 'deactivating'];
const statusCodec = uint(STATUSES.length - 1, 'vote status');

const accountCodec = struct(
  {
    node: bytes32,
    authority: addressCodec,
    fee_payer: addressCodec,
    fund: addressCodec,
    pending_fund: nullable(struct({ address: addressCodec, epoch: u64 }, 'PendingFund')),
    status: statusCodec,
    activation_epoch: nullable(u64),
    deactivation_epoch: nullable(u64),
    frozen_until: u64,
    last_report: nullable(struct({ height: u64, hash: bytes32 }, 'UedReport')),
    report_conflicts: u64,
    credits: u64,
  },
  'VoteAccount',
);

const membershipCodec = struct(
  {
    epoch: u64,
    validators: array(struct({ pub_key: bytes32, power: u64 }, 'Validator'), MAX_VALIDATORS_LIMIT),
    members: array(
      struct(
        {
          vote_account: addressCodec,
          node: bytes32,
          authority: addressCodec,
          fee_payer: addressCodec,
          fund: addressCodec,
          stake: quantity,
        },
        'VedMember',
      ),
      MAX_VALIDATORS_LIMIT,
    ),
    ved_accounts: array(addressCodec, 4 * MAX_VALIDATORS_LIMIT + 65_536),
    power_divisor: quantity,
  },
  'VedMembership',
);

function decodeState<T>(c: Codec<T>, b: Uint8Array): T {
  try {
    return decodeWith(c, b);
  } catch (e) {
    throw new VoteError(VoteError.MALFORMED_STATE, `stored ${c.name}: ${(e as Error).message}`);
  }
}

/** Canonical bytes of a vote account record. */
export function encodeAccount(a: VoteAccount): Uint8Array {
  return encodeWith(accountCodec, {
    node: a.node,
    authority: a.authority,
    fee_payer: a.feePayer,
    fund: a.fund,
    pending_fund: a.pendingFund,
    status: STATUSES.indexOf(a.status),
    activation_epoch: a.activationEpoch,
    deactivation_epoch: a.deactivationEpoch,
    frozen_until: a.frozenUntil,
    last_report: a.lastReport,
    report_conflicts: a.reportConflicts,
    credits: a.credits,
  });
}

/** Strict inverse of {@link encodeAccount}. */
export function decodeAccount(b: Uint8Array): VoteAccount {
  const w = decodeState(accountCodec, b);
  return {
    node: w.node,
    authority: w.authority,
    feePayer: w.fee_payer,
    fund: w.fund,
    pendingFund: w.pending_fund,
    status: STATUSES[w.status]!,
    activationEpoch: w.activation_epoch,
    deactivationEpoch: w.deactivation_epoch,
    frozenUntil: w.frozen_until,
    lastReport: w.last_report,
    reportConflicts: w.report_conflicts,
    credits: w.credits,
  };
}

/** Canonical bytes of a membership. */
export function encodeMembership(m: VedMembership): Uint8Array {
  return encodeWith(membershipCodec, {
    epoch: m.epoch,
    validators: m.validators.map((v) => ({ pub_key: v.pubKey, power: v.power })),
    members: m.members.map((x) => ({
      vote_account: x.voteAccount,
      node: x.node,
      authority: x.authority,
      fee_payer: x.feePayer,
      fund: x.fund,
      stake: x.stake,
    })),
    ved_accounts: m.vedAccounts,
    power_divisor: m.powerDivisor,
  });
}

/** Strict inverse of {@link encodeMembership}. */
export function decodeMembership(b: Uint8Array): VedMembership {
  const w = decodeState(membershipCodec, b);
  return {
    epoch: w.epoch,
    validators: w.validators.map((v) => ({ pubKey: v.pub_key, power: v.power })),
    members: w.members.map((x) => ({
      voteAccount: x.vote_account,
      node: x.node,
      authority: x.authority,
      feePayer: x.fee_payer,
      fund: x.fund,
      stake: x.stake,
    })),
    vedAccounts: w.ved_accounts,
    powerDivisor: w.power_divisor,
  };
}
