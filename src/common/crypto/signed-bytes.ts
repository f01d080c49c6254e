/**
 * A direct reader of a signed envelope in its canonical layout. Canonical CBOR gives
 * `Signed{signature{signature, public_key}, untrusted_raw_value}` exactly one encoding:
 *
 *   a2 69"signature" a2 69"signature" 58 40 <64 bytes> 6a"public_key" 58 20 <32 bytes>
 *   73"untrusted_raw_value" <minimal byte-string header> <raw value, to the end>
 *
 * Bytes laid out so are exactly what the strict schema decoder accepts for such a value, with the
 * same fields; for anything else this returns undefined and the caller falls back to that decoder
 * (which also words the error). Accepting a transaction then costs no decode and re-encode of
 * its envelope: consensus and runtime transactions both go through here.
 */
import { fromHex } from '../hex.js';

const HEAD = fromHex('a2697369676e6174757265a2697369676e61747572655840');
const SIG_AT = HEAD.length;
const PUB_HEAD = fromHex('6a7075626c69635f6b65795820');
const PUB_AT = SIG_AT + 64 + PUB_HEAD.length;
const RAW_HEAD = fromHex('73756e747275737465645f7261775f76616c7565');
const RAW_KEY_AT = PUB_AT + 32;
const RAW_AT = RAW_KEY_AT + RAW_HEAD.length;

/** The fields of a canonically laid out envelope (views into the input). */
export interface SignedParts {
  readonly raw: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly signature: Uint8Array;
}

function matches(b: Uint8Array, at: number, want: Uint8Array): boolean {
  for (let i = 0; i < want.length; i++) if (b[at + i] !== want[i]) return false;
  return true;
}

/** Length and header size of the minimal byte-string header at `at`, or undefined. */
function byteStringHeader(b: Uint8Array, at: number): [number, number] | undefined {
  const h = b[at];
  if (h === undefined || h >> 5 !== 2) return undefined;
  const info = h & 0x1f;
  if (info < 24) return [info, 1];
  if (info === 24) return b.length > at + 1 && b[at + 1]! >= 24 ? [b[at + 1]!, 2] : undefined;
  if (info === 25) {
    const n = (b[at + 1]! << 8) | b[at + 2]!;
    return b.length > at + 2 && n >= 256 ? [n, 3] : undefined;
  }
  if (info === 26 && b.length > at + 4) {
    const n = ((b[at + 1]! << 24) | (b[at + 2]! << 16) | (b[at + 3]! << 8) | b[at + 4]!) >>> 0;
    return n >= 65_536 ? [n, 5] : undefined;
  }
  return undefined;
}

/** Read `b` if it is a canonically laid out signed envelope (see the module comment). */
export function readCanonicalSigned(b: Uint8Array): SignedParts | undefined {
  if (b.length <= RAW_AT || !matches(b, 0, HEAD)) return undefined;
  if (!matches(b, SIG_AT + 64, PUB_HEAD) || !matches(b, RAW_KEY_AT, RAW_HEAD)) return undefined;
  const h = byteStringHeader(b, RAW_AT);
  if (h === undefined || RAW_AT + h[1] + h[0] !== b.length) return undefined;
  return {
    raw: b.subarray(RAW_AT + h[1]),
    publicKey: b.subarray(PUB_AT, PUB_AT + 32),
    signature: b.subarray(SIG_AT, SIG_AT + 64),
  };
}
