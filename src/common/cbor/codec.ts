/**
 * Canonical CBOR as Oasis uses it (RFC 7049 canonical): definite lengths, shortest integer forms,
 * map keys sorted by encoded length then bytewise (cborg's default order), no tags, no floats.
 * Decoding is strict: a bounded structural scan, a strict cborg decode, then the value is
 * re-encoded and must reproduce the input byte for byte, so only one encoding of a value exists.
 */
import { decode as cborgDecode, encode as cborgEncode } from 'cborg';
import { bytesEqual } from '../bytes.js';
import { CborError } from './errors.js';
import { readCanonical } from './fast-decode.js';
import { encodePlain } from './fast-encode.js';
import { DEFAULT_LIMITS, type DecodeLimits } from './limits.js';
import { scanCbor } from './scan.js';

function rejectNonInteger(n: unknown): null {
  if (typeof n === 'number' && (!Number.isInteger(n) || !Number.isSafeInteger(n))) {
    throw new CborError(
      CborError.FLOAT_NOT_ALLOWED,
      `cannot encode ${n}: only safe integers (or bigint) are allowed in consensus data`,
    );
  }
  return null; // fall back to cborg's integer encoding
}

function rejectUndefined(): null {
  throw new CborError(CborError.UNSUPPORTED_VALUE, 'cannot encode undefined outside an object property');
}

const ENCODE_OPTIONS = {
  ignoreUndefinedProperties: true,
  typeEncoders: { number: rejectNonInteger, undefined: rejectUndefined },
} as const;

/**
 * Encode a value canonically. Objects become maps with text keys (properties set to `undefined`
 * are omitted), `Map`s may carry byte-string keys, `Uint8Array` becomes a byte string, integers
 * must be safe integers or bigints. Floats and `undefined` values are refused.
 */
export function encodeCanonical(value: unknown): Uint8Array {
  const plain = encodePlain(value);
  if (plain !== undefined) return plain;
  try {
    return cborgEncode(value, ENCODE_OPTIONS as never);
  } catch (e) {
    if (e instanceof CborError) throw e;
    throw new CborError(CborError.UNSUPPORTED_VALUE, `cannot encode: ${(e as Error).message}`);
  }
}

function limitsOf(opts: DecodeOptions): DecodeLimits {
  return {
    maxSize: opts.maxSize ?? DEFAULT_LIMITS.maxSize,
    maxDepth: opts.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxItems: opts.maxItems ?? DEFAULT_LIMITS.maxItems,
  };
}

/** Options for {@link decodeCanonical}. */
export interface DecodeOptions extends Partial<DecodeLimits> {
  /** Decode maps as `Map` (needed for non-text keys); default: plain objects with text keys. */
  useMaps?: boolean;
}

/**
 * Decode exactly one canonical CBOR item. Rejects oversize, over-deep and over-long input,
 * indefinite lengths, tags, floats, `undefined`, duplicate keys, trailing bytes, non-minimal
 * integers and any input whose canonical re-encoding differs (e.g. unsorted map keys).
 */
export function decodeCanonical(b: Uint8Array, opts: DecodeOptions = {}): unknown {
  const { value, canonical } = scanAndRead(b, opts);
  if (!canonical && !bytesEqual(encodeCanonical(value), b)) {
    throw new CborError(CborError.NON_CANONICAL, 'input is not canonical (re-encoding differs)');
  }
  return value;
}

/**
 * The scan and strict decode of {@link decodeCanonical} without the re-encoding comparison; for
 * schema decoding, which does its own (stronger) comparison after applying the schema.
 */
export function decodeChecked(b: Uint8Array, opts: DecodeOptions = {}): unknown {
  return scanAndRead(b, opts).value;
}

/**
 * The bounded scan, then the value: plain values are read directly (the same value cborg builds
 * for the same bytes, a test checks), and that reader proves canonical form as it reads (on top
 * of the scan's minimal heads: sorted ASCII keys, nothing trailing), so `canonical` says no
 * re-encoding is needed; anything it declines takes the strict generic decoder.
 */
function scanAndRead(b: Uint8Array, opts: DecodeOptions): { value: unknown; canonical: boolean } {
  if (!(b instanceof Uint8Array)) throw new CborError(CborError.MALFORMED, 'input is not bytes');
  scanCbor(b, limitsOf(opts));
  if (opts.useMaps !== true) {
    const plain = readCanonical(b);
    if (plain !== undefined) return { value: plain, canonical: true };
  }
  return { value: strictGeneric(b, opts), canonical: false };
}

function strictGeneric(b: Uint8Array, opts: DecodeOptions): unknown {
  try {
    return cborgDecode(b, {
      strict: true,
      allowIndefinite: false,
      allowUndefined: false,
      allowInfinity: false,
      allowNaN: false,
      rejectDuplicateMapKeys: true,
      useMaps: opts.useMaps === true,
      tags: [],
    });
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    const code = /duplicate|repeat map key/i.test(msg) ? CborError.DUPLICATE_KEY : CborError.MALFORMED;
    throw new CborError(code, `decode: ${msg}`);
  }
}
