/**
 * The account record `{balance, nonce, mapping, owner}` kept in the domain tree where the account
 * is mapped. `moving_at` is set while a remap is pending, until the account leaves at that epoch;
 * in the UED it freezes the account (no debit, credit or fee) so the record reported one epoch
 * ahead is final, while a VED account stays usable until it leaves (remap.ts, APE-8).
 */
import {
  type Codec,
  decodeWith,
  encodeWith,
  optional,
  quantity,
  struct,
  text,
  u8,
  u64,
} from '../../common/index.js';
import { ConsensusError } from '../errors.js';
import { isMapping, type Mapping } from './mapping.js';
import { readAccountFast, writeAccountFast } from './record-bytes.js';

/** Longest program name an owner field may hold. */
export const MAX_OWNER_LENGTH = 32;

/** An account record. */
export interface AccountRecord {
  balance: bigint;
  nonce: bigint;
  mapping: Mapping;
  owner: string;
  /** Epoch at which a pending remap moves this account out (a UED account is frozen until then). */
  moving_at?: bigint;
}

const mappingCodec: Codec<Mapping> = {
  name: 'mapping',
  toCbor: (v, p) => checkMapping(u8.toCbor(v, p), p),
  fromCbor: (r, p) => checkMapping(u8.fromCbor(r, p), p),
};

function checkMapping(v: unknown, path: string): Mapping {
  if (!isMapping(v)) throw new ConsensusError(ConsensusError.INVALID_MAPPING, `${path}: invalid mapping`);
  return v;
}

/** Strict codec of the stored record. */
export const accountRecordCodec: Codec<AccountRecord> = struct(
  {
    balance: quantity,
    nonce: u64,
    mapping: mappingCodec,
    owner: text(MAX_OWNER_LENGTH),
    moving_at: optional(u64),
  },
  'AccountRecord',
);

/** Encode a record. */
export function encodeAccount(r: AccountRecord): Uint8Array {
  return writeAccountFast(r) ?? encodeWith(accountRecordCodec, r);
}

/** Decode a stored record; a malformed one means corrupt state, never a user error. */
export function decodeAccount(b: Uint8Array): AccountRecord {
  const fast = b instanceof Uint8Array ? readAccountFast(b) : undefined;
  if (fast !== undefined) return fast;
  try {
    return decodeWith(accountRecordCodec, b, { maxSize: 256, maxDepth: 2, maxItems: 16 });
  } catch (e) {
    throw new ConsensusError(ConsensusError.CORRUPT_STATE, `account record: ${(e as Error).message}`);
  }
}
