/**
 * A direct reader of the small canonical CBOR values that transaction bodies are (maps with text
 * keys, text, bytes, small integers, booleans, null, arrays). The strict decoder (scan, cborg
 * decode, re-encode and compare) costs tens of microseconds per call on a few dozen bytes, more
 * than everything else the runtime's thread does to admit a transaction but its signature.
 *
 * The reader accepts only what is canonical by construction (minimal heads, definite lengths, map
 * keys strictly ordered by encoded length then bytes, valid UTF-8 without a leading byte-order
 * mark) and returns what `decodeCanonical` returns for the same bytes. Anything else (tags,
 * floats, `undefined`, 8-byte integers, non-text keys, deep or large values, any doubt) makes it
 * return undefined, and the caller runs the strict decoder, which also words the error.
 */

/** Deepest nesting read here (the strict decoder's limit is far above). */
const MAX_DEPTH = 16;
/** Most data items read here. */
const MAX_ITEMS = 4096;
const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Short ASCII text is turned into a string directly (a TextDecoder call costs far more). */
const ASCII_DIRECT = 256;
/** Thrown inside the reader to give up; never leaves this module. */
const GIVE_UP = Symbol('give up');

interface Cursor {
  readonly b: Uint8Array;
  at: number;
  items: number;
}

/**
 * The value of the canonical CBOR item that exactly fills `b[start, end)`, or undefined when the
 * strict decoder must judge it (see the module comment).
 */
export function readSmallCanonical(
  b: Uint8Array,
  start: number,
  end: number,
): { value: unknown } | undefined {
  const c: Cursor = { b: end === b.length ? b : b.subarray(0, end), at: start, items: 0 };
  try {
    const value = item(c, 0);
    return c.at === end ? { value } : undefined;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

/** The argument of the head at the cursor (moved past it), if minimal and below 2^32. */
function arg(c: Cursor, ai: number): number {
  const { b } = c;
  if (ai < 24) return ai;
  const n = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : 0;
  if (n === 0 || c.at + n > b.length) throw GIVE_UP;
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + b[c.at + i]!;
  c.at += n;
  if (v < (n === 1 ? 24 : n === 2 ? 0x100 : 0x10000)) throw GIVE_UP;
  return v;
}

function item(c: Cursor, depth: number): unknown {
  if (++c.items > MAX_ITEMS || c.at >= c.b.length) throw GIVE_UP;
  const ib = c.b[c.at++]!;
  const major = ib >> 5;
  const ai = ib & 0x1f;
  if (major === 7) {
    if (ib === 0xf4) return false;
    if (ib === 0xf5) return true;
    if (ib === 0xf6) return null;
    throw GIVE_UP;
  }
  if (major === 6) throw GIVE_UP;
  const v = arg(c, ai);
  if (major === 0) return v;
  if (major === 1) return -1 - v;
  if (major === 2) return new Uint8Array(stringBytes(c, v)); // a copy, never a view (even of a Buffer)
  if (major === 3) return text(stringBytes(c, v));
  if (depth + 1 > MAX_DEPTH) throw GIVE_UP;
  return major === 4 ? array(c, v, depth + 1) : map(c, v, depth + 1);
}

function stringBytes(c: Cursor, len: number): Uint8Array {
  if (c.at + len > c.b.length) throw GIVE_UP;
  const s = c.b.subarray(c.at, c.at + len);
  c.at += len;
  return s;
}

function text(s: Uint8Array): string {
  if (s.length <= ASCII_DIRECT && isAscii(s))
    return String.fromCharCode.apply(null, s as unknown as number[]);
  if (s[0] === 0xef && s[1] === 0xbb && s[2] === 0xbf) throw GIVE_UP;
  try {
    return utf8Fatal.decode(s);
  } catch {
    throw GIVE_UP;
  }
}

function isAscii(s: Uint8Array): boolean {
  for (let i = 0; i < s.length; i++) if (s[i]! > 0x7f) return false;
  return true;
}

function array(c: Cursor, n: number, depth: number): unknown[] {
  if (n > MAX_ITEMS) throw GIVE_UP;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(item(c, depth));
  return out;
}

function map(c: Cursor, n: number, depth: number): Record<string, unknown> {
  if (n > MAX_ITEMS) throw GIVE_UP;
  const out: Record<string, unknown> = {};
  let prev: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const keyStart = c.at;
    if (++c.items > MAX_ITEMS || c.at >= c.b.length || c.b[c.at]! >> 5 !== 3) throw GIVE_UP;
    const ib = c.b[c.at++]!;
    const key = text(stringBytes(c, arg(c, ib & 0x1f)));
    const encoded = c.b.subarray(keyStart, c.at);
    if ((prev !== undefined && !keyAfter(encoded, prev)) || key === '__proto__') throw GIVE_UP;
    prev = encoded;
    out[key] = item(c, depth);
  }
  return out;
}

/** Canonical key order: shorter encodings first, then bytewise; equal keys are not "after". */
function keyAfter(k: Uint8Array, prev: Uint8Array): boolean {
  if (k.length !== prev.length) return k.length > prev.length;
  for (let i = 0; i < k.length; i++) if (k[i] !== prev[i]) return k[i]! > prev[i]!;
  return false;
}
