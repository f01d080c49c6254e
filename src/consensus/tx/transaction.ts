/**
 * Consensus transactions: `{nonce, fee{amount, gas}, method "module.Method", body, accounts}`.
 * The body is raw CBOR decoded later by the method's own strict codec. `accounts` lists every
 * account the transaction touches with its access; the fee payer (the signer's address) must be
 * account 0 and writable, so a transaction's domain (APE-4) is visible before anything executes.
 */
import {
  ADDRESS_SIZE,
  array,
  bool,
  bytes,
  type Codec,
  quantity,
  raw,
  struct,
  text,
  u64,
} from '../../common/index.js';

/** Longest method name, `module.Method`. */
export const MAX_METHOD_LENGTH = 64;
/** Most accounts a transaction may list. */
export const MAX_TX_ACCOUNTS = 16;
/** Default size limit of a signed transaction (genesis `max_tx_bytes` may lower it). */
export const DEFAULT_MAX_TX_BYTES = 32 * 1024;
/** Deepest nesting a signed transaction may have. */
export const MAX_TX_DEPTH = 16;
/** Most CBOR items a signed transaction may hold. */
export const MAX_TX_ITEMS = 4096;

/** The fee a transaction offers: `amount` is charged in full; `gas` is the gas limit. */
export interface Fee {
  amount: bigint;
  gas: bigint;
}

/** One account listed by a transaction. */
export interface TxAccountEntry {
  address: Uint8Array;
  writable: boolean;
}

/** A transaction body as signed. */
export interface Transaction {
  nonce: bigint;
  fee: Fee;
  method: string;
  body: unknown;
  accounts: TxAccountEntry[];
}

/** The method name pattern: a lower-case module, a dot, a capitalized method. */
export const METHOD_PATTERN = /^[a-z][a-z0-9_-]*\.[A-Z][A-Za-z0-9]*$/;

/** Strict codec of a transaction (unknown fields refused). */
export const transactionCodec: Codec<Transaction> = struct(
  {
    nonce: u64,
    fee: struct({ amount: quantity, gas: u64 }, 'Fee'),
    method: text(MAX_METHOD_LENGTH),
    body: raw,
    accounts: array(
      struct({ address: bytes({ len: ADDRESS_SIZE }), writable: bool }, 'TxAccount'),
      MAX_TX_ACCOUNTS,
    ),
  },
  'Transaction',
) as Codec<Transaction>;
