/**
 * A direct reader of a runtime transaction `{nonce, method, body?}` in its canonical layout.
 * Canonical CBOR orders map keys by length, so the signed bytes are exactly
 *
 *   a3 64"body" <body item> 65"nonce" <minimal uint> 66"method" <minimal text header> <UTF-8>
 *
 * (or `a2` and no body). Read so, the envelope costs no general decode and re-encode; only the
 * body, a CBOR value of the method's choosing, goes through the strict canonical decoder, with
 * the limits it would have had inside the whole (small bodies are read directly by
 * `readSmallCanonical`, which returns what that decoder would). The reader returns a value only when the
 * strict schema decoder (`decodeWith(runtimeTxCodec, …)`) would return the same value; for
 * anything else it returns undefined and the caller runs that decoder, which also words the error.
 */
import { DEFAULT_LIMITS, decodeCanonical, fromHex } from '../../common/index.js';
import { readSmallCanonical } from './body-reader.js';

/** The fields of a runtime transaction (as `runtimeTxCodec` decodes them). */
export interface TxFields {
  nonce: bigint;
  method: string;
  body?: unknown;
}

const BODY_KEY = fromHex('64626f6479');
const NONCE_KEY = fromHex('656e6f6e6365');
const METHOD_KEY = fromHex('666d6574686f64');
/** Items of the whole besides the body's: the map, three keys, nonce and method. */
const OUTER_ITEMS = 6;
const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function matches(b: Uint8Array, at: number, want: Uint8Array): boolean {
  if (at + want.length > b.length) return false;
  for (let i = 0; i < want.length; i++) if (b[at + i] !== want[i]) return false;
  return true;
}

/** The head at `at` as [major, argument, head length], or undefined (indefinite, reserved, short). */
function head(b: Uint8Array, at: number): [number, number, number] | undefined {
  const ib = b[at];
  if (ib === undefined) return undefined;
  const ai = ib & 0x1f;
  if (ai < 24) return [ib >> 5, ai, 1];
  const extra = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
  if (extra === 0 || at + extra >= b.length) return undefined;
  let v = 0;
  for (let i = 1; i <= extra; i++) v = v * 256 + b[at + i]!;
  return [ib >> 5, v, 1 + extra];
}

/** Minimal (canonical) form of a head of `len` bytes holding `v`. */
function minimal(v: number, len: number): boolean {
  return len === 1 || v >= (len === 2 ? 24 : len === 3 ? 0x100 : len === 5 ? 0x10000 : 0x100000000);
}

/**
 * Where the data item starting at `at` ends, following definite lengths only; undefined if it
 * runs past the input. It checks nothing else: the body is validated by the strict decoder.
 */
function itemEnd(b: Uint8Array, at: number): number | undefined {
  let need = 1;
  while (need > 0) {
    const h = head(b, at);
    if (h === undefined) return undefined;
    const [major, arg] = h;
    at += h[2];
    need--;
    if (major === 2 || major === 3) at += arg;
    else if (major === 4) need += arg;
    else if (major === 5) need += 2 * arg;
    else if (major === 6) return undefined;
    if (at > b.length || need > b.length - at) return undefined;
  }
  return at;
}

/** The nonce at `at` as [value, end], if a minimal unsigned integer. */
function readNonce(b: Uint8Array, at: number): [bigint, number] | undefined {
  const h = head(b, at);
  if (h === undefined || h[0] !== 0 || !minimal(h[1], h[2])) return undefined;
  if (h[2] < 9) return [BigInt(h[1]), at + h[2]];
  // Eight bytes exceed a double's precision: read them exactly.
  let v = 0n;
  for (let i = 1; i <= 8; i++) v = (v << 8n) | BigInt(b[at + i]!);
  return [v, at + 9];
}

/** The method name at `at` (to the end of the input), if minimal, valid UTF-8 and short enough. */
function readMethod(b: Uint8Array, at: number, maxChars: number): string | undefined {
  const h = head(b, at);
  if (h === undefined || h[0] !== 3 || !minimal(h[1], h[2]) || at + h[2] + h[1] !== b.length)
    return undefined;
  // cborg drops a leading byte-order mark, so the strict decoder refuses such a name.
  if (b[at + h[2]] === 0xef && b[at + h[2] + 1] === 0xbb && b[at + h[2] + 2] === 0xbf) return undefined;
  let s: string;
  try {
    s = utf8Fatal.decode(b.subarray(at + h[2]));
  } catch {
    return undefined;
  }
  return s.length <= maxChars ? s : undefined;
}

/** Read `b` if it is a canonically laid out runtime transaction (see the module comment). */
export function readCanonicalTx(b: Uint8Array, maxMethodChars: number): TxFields | undefined {
  const withBody = b[0] === 0xa3;
  if (!withBody && b[0] !== 0xa2) return undefined;
  let at = 1;
  let body: unknown;
  if (withBody) {
    if (!matches(b, at, BODY_KEY)) return undefined;
    const start = at + BODY_KEY.length;
    const end = itemEnd(b, start);
    if (end === undefined) return undefined;
    const small = readSmallCanonical(b, start, end);
    if (small !== undefined) body = small.value;
    else {
      try {
        body = decodeCanonical(b.subarray(start, end), {
          maxDepth: DEFAULT_LIMITS.maxDepth - 1,
          maxItems: DEFAULT_LIMITS.maxItems - OUTER_ITEMS,
        });
      } catch {
        return undefined;
      }
    }
    at = end;
  }
  if (!matches(b, at, NONCE_KEY)) return undefined;
  const nonce = readNonce(b, at + NONCE_KEY.length);
  if (nonce === undefined || !matches(b, nonce[1], METHOD_KEY)) return undefined;
  const method = readMethod(b, nonce[1] + METHOD_KEY.length, maxMethodChars);
  if (method === undefined) return undefined;
  return withBody ? { nonce: nonce[0], method, body } : { nonce: nonce[0], method };
}
