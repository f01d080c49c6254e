/**
 * Strict codecs of the vote program's transaction bodies. Every field is fixed-length bytes, so a
 * body is bounded by construction; unknown fields and non-canonical encodings are refused by
 * `decodeWith`.
 */
import { ADDRESS_SIZE, bytes, bytes32, bytes64, type Infer, struct } from '../../../common/index.js';

/** A 21-byte account address. */
export const addressCodec = bytes({ len: ADDRESS_SIZE });

/** What the node key signs to consent to a vote account (proof of possession, no squatting). */
export const createConsentCodec = struct(
  { authority: addressCodec, fee_payer: addressCodec, fund: addressCodec },
  'vote.CreateConsent',
);

/** `vote.CreateAccount`: the account's address is `addressFromPublicKey(node)`. */
export const createAccountBody = struct(
  {
    node: bytes32,
    authority: addressCodec,
    fee_payer: addressCodec,
    fund: addressCodec,
    /** Node key's signature over {@link createConsentCodec} (context `vote: create account`). */
    node_signature: bytes64,
  },
  'vote.CreateAccount',
);
/** Decoded `vote.CreateAccount` body. */
export type CreateAccountBody = Infer<typeof createAccountBody>;

/** `vote.Activate` and `vote.Deactivate`. */
export const accountBody = struct({ account: addressCodec }, 'vote.Account');
/** Decoded `vote.Activate` / `vote.Deactivate` body. */
export type AccountBody = Infer<typeof accountBody>;

/** `vote.SetAuthority`. */
export const setAuthorityBody = struct(
  { account: addressCodec, authority: addressCodec },
  'vote.SetAuthority',
);
/** Decoded `vote.SetAuthority` body. */
export type SetAuthorityBody = Infer<typeof setAuthorityBody>;

/** `vote.SetFeePayer`. */
export const setFeePayerBody = struct({ account: addressCodec, fee_payer: addressCodec }, 'vote.SetFeePayer');
/** Decoded `vote.SetFeePayer` body. */
export type SetFeePayerBody = Infer<typeof setFeePayerBody>;

/** `vote.SetFund`. */
export const setFundBody = struct({ account: addressCodec, fund: addressCodec }, 'vote.SetFund');
/** Decoded `vote.SetFund` body. */
export type SetFundBody = Infer<typeof setFundBody>;
