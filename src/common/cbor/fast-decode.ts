/**
 * A direct reader of plain CBOR values for strict canonical decoding, run only on input the
 * structural scan has accepted (so every head is minimal and in bounds, and there are no tags,
 * floats, `undefined` or indefinite lengths). It builds what the generic decoder (cborg) builds
 * for the same bytes: integers as numbers when safe, else bigints; byte strings as fresh
 * `Uint8Array`s; maps as plain objects; arrays; true, false and null. Anything else (non-ASCII
 * text, a map key that is not ASCII text, a `__proto__` key) gives undefined and the generic
 * decoder decides; so does any result that does not re-encode to the input (the caller checks),
 * which covers duplicate and unsorted keys. A test compares both over varied input.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Returned by the readers below when the generic decoder must decide. */
const DECLINE = Symbol('decline');

class PlainReader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}

  /** The argument of the head at `pos` (minimal and in bounds: the scan checked), as a bigint when wide. */
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
      const v =
        b[this.pos]! * 0x1000000 + ((b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!);
      this.pos += 4;
      return v;
    }
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(b[this.pos++]!);
    return v;
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

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    out.set(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
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
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const v = this.item();
      if (v === DECLINE) return DECLINE;
      out.push(v);
    }
    return out;
  }

  map(n: number): Record<string, unknown> | typeof DECLINE {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const h = this.b[this.pos++]!;
      if (h >> 5 !== 3) return DECLINE;
      const k = this.ascii(Number(this.arg(h & 0x1f)));
      if (k === DECLINE || k === '__proto__') return DECLINE;
      const v = this.item();
      if (v === DECLINE) return DECLINE;
      out[k] = v;
    }
    return out;
  }
}

/**
 * The value of `b`, which {@link scanCbor} has accepted, as the generic decoder would build it;
 * undefined when the generic decoder must decide. The caller must still check that the value
 * re-encodes to `b`.
 */
export function decodePlain(b: Uint8Array): unknown {
  const r = new PlainReader(b);
  const v = r.item();
  return v === DECLINE || r.pos !== b.length ? undefined : v;
}
