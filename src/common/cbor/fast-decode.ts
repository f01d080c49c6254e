/**
 * A direct reader of plain CBOR values that proves canonical form while it reads. Run only on
 * input the structural scan (`scanCbor`) has accepted: every head is then minimal and in bounds,
 * lengths are definite, and there are no tags, floats or `undefined`. On top of that it checks
 * that map keys are ASCII text in strictly increasing canonical order (length, then bytes), which
 * rules out duplicates, and that nothing follows the item; so the canonical encoding of what it
 * returns is the input itself. It builds what the generic decoder (cborg) builds for the same
 * bytes: integers as numbers when safe, else bigints; byte strings as fresh `Uint8Array`s (never
 * views that would pin the input); maps as plain objects; arrays; true, false and null. It
 * declines (returns undefined) anything else (non-ASCII text, a key that is not ASCII text, a
 * `__proto__` key, unsorted keys), and the generic decoder decides. Used by the strict canonical
 * decoder and by the RHP decoder; tests compare it with the generic decoder over varied input.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const DECLINE = Symbol('decline');

class CanonicalReader {
  pos = 0;
  readonly b: Uint8Array;
  constructor(b: Uint8Array) {
    // A plain view of a Buffer (RHP frames are Buffers): its `slice` copies into a plain array.
    this.b =
      Object.getPrototypeOf(b) === Uint8Array.prototype
        ? b
        : new Uint8Array(b.buffer, b.byteOffset, b.length);
  }

  arg(ai: number): number | bigint {
    const b = this.b;
    if (ai < 24) return ai;
    if (ai === 24) return b[this.pos++]!;
    if (ai === 25) {
      const v = (b[this.pos]! << 8) | b[this.pos + 1]!;
      this.pos += 2;
      return v;
    }
    if (ai === 26) {
      const p = this.pos;
      this.pos += 4;
      return b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
    }
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(b[this.pos++]!);
    return v;
  }

  /**
   * A fresh plain `Uint8Array` copy: never a view that would pin the input, and never a Buffer
   * (a `slice` of a Buffer input would be one), as the generic decoder gives.
   */
  bytes(n: number): Uint8Array {
    // One copying call (`b` is a plain Uint8Array), not a view and then a copy from it.
    const out = this.b.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  item(): unknown {
    const h = this.b[this.pos++]!;
    const major = h >> 5;
    const ai = h & 0x1f;
    if (major === 7) return ai === 20 ? false : ai === 21 ? true : ai === 22 ? null : DECLINE;
    const a = this.arg(ai);
    switch (major) {
      case 0:
        return typeof a === 'bigint' && a <= MAX_SAFE ? Number(a) : a;
      case 1:
        return typeof a === 'bigint' ? (a < MAX_SAFE ? -1 - Number(a) : -1n - a) : -1 - a;
      case 2:
        return this.bytes(Number(a));
      case 3:
        return this.ascii(Number(a));
      case 4:
        return this.array(Number(a));
      case 5:
        return this.map(Number(a));
      default:
        return DECLINE;
    }
  }

  ascii(n: number): string | typeof DECLINE {
    const b = this.b;
    let s = '';
    for (let i = 0; i < n; i++) {
      const c = b[this.pos + i]!;
      if (c >= 0x80) return DECLINE;
      s += String.fromCharCode(c);
    }
    this.pos += n;
    return s;
  }

  array(n: number): unknown[] | typeof DECLINE {
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = this.item();
      if (v === DECLINE) return DECLINE;
      out[i] = v;
    }
    return out;
  }

  map(n: number): Record<string, unknown> | typeof DECLINE {
    const out: Record<string, unknown> = {};
    let prev = '';
    for (let i = 0; i < n; i++) {
      const h = this.b[this.pos++]!;
      if (h >> 5 !== 3) return DECLINE;
      const k = this.ascii(Number(this.arg(h & 0x1f)));
      if (k === DECLINE || k === '__proto__') return DECLINE;
      // Canonical order: shorter keys first, then bytewise (ASCII: code-unit order).
      if (i > 0 && (k.length < prev.length || (k.length === prev.length && k <= prev))) return DECLINE;
      prev = k;
      const v = this.item();
      if (v === DECLINE) return DECLINE;
      out[k] = v;
    }
    return out;
  }
}

/**
 * The value of `b` (already accepted by `scanCbor`) when `b` is provably its canonical encoding:
 * plain values only, ASCII text, map keys in strictly increasing canonical order, nothing after
 * the item. Undefined otherwise (the strict decoder must decide).
 */
export function readCanonical(b: Uint8Array): unknown {
  const r = new CanonicalReader(b);
  const v = r.item();
  return v === DECLINE || r.pos !== b.length ? undefined : v;
}
