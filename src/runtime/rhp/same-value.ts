/**
 * Whether two plain values have the same canonical CBOR encoding, decided structurally (no
 * encoding): the decoder compares a message's schema re-encoding input (`toCbor`) with what the
 * canonical reader read, instead of encoding the ~400 KB result and comparing bytes.
 */

function isPlainObject(v: object): v is Record<string, unknown> {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function sameInteger(a: number | bigint, b: number | bigint): boolean {
  // -0 and non-integers are left to the encoder (which refuses or encodes them its own way).
  if (typeof a === 'number' && (!Number.isSafeInteger(a) || Object.is(a, -0))) return false;
  if (typeof b === 'number' && (!Number.isSafeInteger(b) || Object.is(b, -0))) return false;
  return typeof a === typeof b ? a === b : BigInt(a) === BigInt(b);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameObject(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  // Properties set to undefined are not encoded: count only the others.
  let n = 0;
  for (const k of Object.keys(a)) {
    const v = a[k];
    if (v === undefined) continue;
    if (!Object.hasOwn(b, k) || !sameValue(v, b[k])) return false;
    n++;
  }
  return n === Object.keys(b).length;
}

/**
 * True when `a` (any value) certainly encodes to the same canonical CBOR as `b` (a value the
 * canonical reader built). False means "not proven": the caller must then compare encodings.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'string' || ta === 'boolean') return a === b;
  if ((ta === 'number' || ta === 'bigint') && (tb === 'number' || tb === 'bigint')) {
    return sameInteger(a as number | bigint, b as number | bigint);
  }
  if (a === null || b === null) return a === b;
  if (ta !== 'object' || tb !== 'object') return false;
  // The schema usually hands back the very arrays it was given: no need to compare them.
  if (a instanceof Uint8Array) return b instanceof Uint8Array && (a === b || sameBytes(a, b));
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof Uint8Array || !isPlainObject(a as object)) return false;
  return sameObject(a as Record<string, unknown>, b as Record<string, unknown>);
}
