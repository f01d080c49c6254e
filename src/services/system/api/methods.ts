/**
 * The system program's transaction methods and their bodies. Every method runs in both the VED
 * and the UED, each time entirely within the executing domain (classification guarantees every
 * listed account is there).
 * - `system.CreateAccount {address, amount}`: create a system account mapped RW in the executing
 *   domain, funded with `amount` from the fee payer; `address` must be listed writable.
 * - `system.Transfer {to, amount}`: move `amount` from the fee payer to `to` (listed writable).
 * - `system.RequestRemap {to}`: move the fee payer's own account to domain `to` one full epoch
 *   later (APE-12, APE-13); the account is frozen until it moves.
 */
import { ADDRESS_SIZE, bytes, type Codec, quantity, struct } from '../../../common/index.js';
import { type DomainId, domainIdCodec } from '../../../consensus/index.js';

/** Method names. */
export const METHOD_CREATE_ACCOUNT = 'system.CreateAccount';
/** See {@link METHOD_CREATE_ACCOUNT}. */
export const METHOD_TRANSFER = 'system.Transfer';
/** See {@link METHOD_CREATE_ACCOUNT}. */
export const METHOD_REQUEST_REMAP = 'system.RequestRemap';

/** Base gas of each method. */
export const SYSTEM_GAS = { createAccount: 2000n, transfer: 1000n, requestRemap: 1000n } as const;

/** Body of `system.CreateAccount`. */
export interface CreateAccountBody {
  address: Uint8Array;
  amount: bigint;
}
/** Body of `system.Transfer`. */
export interface TransferBody {
  to: Uint8Array;
  amount: bigint;
}
/** Body of `system.RequestRemap`. */
export interface RequestRemapBody {
  to: DomainId;
}

const address = bytes({ len: ADDRESS_SIZE });

/** Strict codec of {@link CreateAccountBody}. */
export const createAccountCodec: Codec<CreateAccountBody> = struct(
  { address, amount: quantity },
  'CreateAccount',
);
/** Strict codec of {@link TransferBody}. */
export const transferCodec: Codec<TransferBody> = struct({ to: address, amount: quantity }, 'Transfer');

/** Strict codec of {@link RequestRemapBody}. */
export const requestRemapCodec: Codec<RequestRemapBody> = struct({ to: domainIdCodec }, 'RequestRemap');
