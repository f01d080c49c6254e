/**
 * A direct reader of the `system.Transfer` body as signed. Its canonical encoding has one byte
 * layout: a two-entry map, key "to" (shorter keys sort first) with a 21-byte string, then key
 * "amount" with the minimal quantity bytes (no leading zero, at most 32 bytes, minimal length
 * head). This reads exactly that layout and returns undefined for anything else, which then goes
 * through the strict codec; so it accepts precisely what the codec's decode-and-re-encode check
 * accepts, with the same result (a test checks the equivalence), for one small copy.
 */
import { ADDRESS_SIZE, quantityFromBytes } from '../../../common/index.js';
import type { TransferBody } from './methods.js';

/** Map of two, text key "to", byte string head of an address. */
const HEAD = [0xa2, 0x62, 0x74, 0x6f, 0x40 + ADDRESS_SIZE] as const;
/** Text key "amount". */
const AMOUNT_KEY = [0x66, 0x61, 0x6d, 0x6f, 0x75, 0x6e, 0x74] as const;
const TO_AT = HEAD.length;
const AMOUNT_KEY_AT = TO_AT + ADDRESS_SIZE;
const AMOUNT_AT = AMOUNT_KEY_AT + AMOUNT_KEY.length;
/** Longest quantity the codec accepts. */
const MAX_AMOUNT_BYTES = 32;

/** The body when `b` is exactly a canonical Transfer body, else undefined (use the codec). */
export function readTransferBody(b: Uint8Array): TransferBody | undefined {
  if (b.length <= AMOUNT_AT) return undefined;
  for (let i = 0; i < HEAD.length; i++) if (b[i] !== HEAD[i]) return undefined;
  for (let i = 0; i < AMOUNT_KEY.length; i++) if (b[AMOUNT_KEY_AT + i] !== AMOUNT_KEY[i]) return undefined;
  const n = amountLength(b);
  if (n === undefined || (n > 0 && b[b.length - n] === 0)) return undefined;
  // A fresh plain array, as the generic decoder gives (never a view pinning the signed bytes).
  const to = new Uint8Array(ADDRESS_SIZE);
  for (let i = 0; i < ADDRESS_SIZE; i++) to[i] = b[TO_AT + i]!;
  return { to, amount: amountOf(b, b.length - n) };
}

/** The quantity from `at` to the end: six bytes or fewer as one number, with no view. */
function amountOf(b: Uint8Array, at: number): bigint {
  if (b.length - at > 6) return quantityFromBytes(b.subarray(at));
  let v = 0;
  for (let i = at; i < b.length; i++) v = v * 256 + b[i]!;
  return BigInt(v);
}

/** The amount's length from its minimal head, when it ends the body exactly; else undefined. */
function amountLength(b: Uint8Array): number | undefined {
  const h = b[AMOUNT_AT]!;
  if (h >= 0x40 && h < 0x58) return b.length === AMOUNT_AT + 1 + (h - 0x40) ? h - 0x40 : undefined;
  if (h !== 0x58) return undefined;
  const n = b[AMOUNT_AT + 1];
  if (n === undefined || n < 24 || n > MAX_AMOUNT_BYTES) return undefined;
  return b.length === AMOUNT_AT + 2 + n ? n : undefined;
}
