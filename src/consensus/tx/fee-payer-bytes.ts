/**
 * The fee payer of signed transaction bytes, read without decoding the transaction: the first
 * listed account's address, found by walking the canonical layout (envelope, then the
 * transaction's keys `fee`, `body`, `nonce`, `method`, `accounts` in that order) and skipping the
 * values before it. Nothing is checked beyond what the walk needs, so the bytes may still be
 * invalid; but CBOR has one reading of a byte string, so whenever the strict decoder accepts the
 * bytes, its first listed account is the address read here. That is what lets a domain skip a
 * transaction whose fee payer it does not hold (APE-14, APE-16) without decoding it: the domain
 * would skip it whether or not it decodes. Bytes in any other layout give undefined (decode them).
 */
import { ADDRESS_SIZE, readCanonicalSigned, utf8 } from '../../common/index.js';
import { itemEnd } from './transaction-bytes.js';

const SKIPPED_KEYS = ['fee', 'body', 'nonce', 'method'].map(keyHead);
const K_ACCOUNTS = keyHead('accounts');
const K_ADDRESS = keyHead('address');
const MAP_OF_5 = 0xa5;
const MAP_OF_2 = 0xa2;
const ADDRESS_HEAD = 0x40 + ADDRESS_SIZE;

function keyHead(k: string): Uint8Array {
  const t = utf8(k);
  const out = new Uint8Array(t.length + 1);
  out[0] = 0x60 + t.length;
  out.set(t, 1);
  return out;
}

/** The offset after `k` when `b` holds it at `at`, else undefined. */
function after(b: Uint8Array, at: number, k: Uint8Array): number | undefined {
  if (at + k.length > b.length) return undefined;
  for (let i = 0; i < k.length; i++) if (b[at + i] !== k[i]) return undefined;
  return at + k.length;
}

/**
 * The first listed account's address of signed transaction bytes `b` (a view into `b`), or
 * undefined when `b` is not in the canonical layout up to that address (see the module comment).
 */
export function readFeePayer(b: Uint8Array): Uint8Array | undefined {
  const raw = readCanonicalSigned(b)?.raw;
  if (raw === undefined || raw[0] !== MAP_OF_5) return undefined;
  let at: number | undefined = 1;
  for (const k of SKIPPED_KEYS) {
    at = after(raw, at, k);
    if (at === undefined) return undefined;
    at = itemEnd(raw, at);
    if (at === undefined) return undefined;
  }
  at = after(raw, at, K_ACCOUNTS);
  // An array of 1 to 23 accounts (more take a longer head; the rule allows far fewer).
  const n = at === undefined ? 0 : raw[at]! - 0x80;
  if (at === undefined || !(n >= 1 && n <= 23) || raw[at + 1] !== MAP_OF_2) return undefined;
  at = after(raw, at + 2, K_ADDRESS);
  if (at === undefined || raw[at] !== ADDRESS_HEAD || at + 1 + ADDRESS_SIZE > raw.length) return undefined;
  return raw.subarray(at + 1, at + 1 + ADDRESS_SIZE);
}
