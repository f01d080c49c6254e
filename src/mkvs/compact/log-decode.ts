/**
 * A direct strict reader for the state log's records: canonical CBOR maps whose fields are
 * 32-byte strings, unsigned integers and one list of `[key, value]` pairs. It accepts exactly
 * what the codecs' strict decoding accepts (a test compares both over valid and mutated
 * records), without building the generic value tree and re-encoding it: at a million entries,
 * restore spent most of its time allocating and collecting those. Keys and values are views of
 * the record's bytes, not copies.
 */
import { CborError } from '../../common/index.js';
import { MAX_KEY_BYTES } from '../key.js';

/** How a field is read. */
export type FieldKind = 'bytes32' | 'u64' | 'u32' | 'uint' | 'list';

/** One field of a record, in canonical key order (shorter names first, then bytewise). */
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  optional?: boolean;
}

/** The bounds of a record's list. */
export interface ListSpec<T> {
  maxEntries: number;
  maxValue: number;
  /** Whether a value may be null (a removal). */
  nullable: boolean;
  entry(key: Uint8Array, value: Uint8Array | null): T;
}

function fail(message: string): never {
  throw new CborError(CborError.MALFORMED, message);
}

class Reader {
  at = 0;
  constructor(readonly b: Uint8Array) {}

  /** The argument of a head of `major`, refusing non-minimal and indefinite forms. */
  head(major: number, what: string): number | bigint {
    const b = this.b;
    if (this.at >= b.length) fail(`${what}: truncated`);
    const ib = b[this.at++]!;
    if (ib >> 5 !== major) fail(`${what}: expected major type ${major}, got ${ib >> 5}`);
    const ai = ib & 31;
    if (ai < 24) return ai;
    const n = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
    if (n === 0) fail(`${what}: indefinite or reserved length`);
    if (this.at + n > b.length) fail(`${what}: truncated`);
    let v: number | bigint;
    if (n === 8) {
      v = new DataView(b.buffer, b.byteOffset + this.at, 8).getBigUint64(0);
      if (v < 0x100000000n) fail(`${what}: non-minimal integer`);
      if (v <= BigInt(Number.MAX_SAFE_INTEGER)) v = Number(v);
    } else {
      let x = 0;
      for (let i = 0; i < n; i++) x = x * 256 + b[this.at + i]!;
      if (x < (n === 1 ? 24 : n === 2 ? 0x100 : 0x10000)) fail(`${what}: non-minimal integer`);
      v = x;
    }
    this.at += n;
    return v;
  }

  /** A length (byte string, array, map) of at most `max`. */
  length(major: number, max: number, what: string): number {
    const n = this.head(major, what);
    if (typeof n !== 'number' || n > max) fail(`${what}: length ${n} exceeds ${max}`);
    return n;
  }

  bytes(max: number, what: string): Uint8Array {
    const n = this.length(2, max, what);
    if (this.at + n > this.b.length) fail(`${what}: truncated`);
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  /** A text string of ASCII letters and underscores (the field names), up to 32 characters. */
  name(): string {
    const n = this.length(3, 32, 'field name');
    if (this.at + n > this.b.length) fail('field name: truncated');
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.b[this.at + i]!);
    this.at += n;
    return s;
  }
}

function readList<T>(r: Reader, spec: ListSpec<T>, what: string): T[] {
  const n = r.length(4, spec.maxEntries, what);
  const out = new Array<T>(n);
  const b = r.b;
  for (let i = 0; i < n; i++) {
    if (b[r.at] !== 0x82) fail(`${what}[${i}]: expected a 2-array`);
    r.at++;
    const key = r.bytes(MAX_KEY_BYTES, `${what}[${i}] key`);
    let value: Uint8Array | null;
    if (b[r.at] === 0xf6 && spec.nullable) {
      r.at++;
      value = null;
    } else value = r.bytes(spec.maxValue, `${what}[${i}] value`);
    out[i] = spec.entry(key, value);
  }
  return out;
}

function readField(r: Reader, kind: FieldKind, list: ListSpec<unknown>, what: string): unknown {
  switch (kind) {
    case 'bytes32': {
      const v = r.bytes(32, what);
      if (v.length !== 32) fail(`${what}: expected 32 bytes, got ${v.length}`);
      return v;
    }
    case 'u64': {
      const v = r.head(0, what);
      return typeof v === 'bigint' ? v : BigInt(v);
    }
    case 'u32': {
      const v = r.head(0, what);
      if (typeof v !== 'number' || v > 0xffffffff) fail(`${what}: expected u32`);
      return v;
    }
    case 'uint': {
      const v = r.head(0, what);
      if (typeof v !== 'number') fail(`${what}: expected a safe integer`);
      return v;
    }
    case 'list':
      return readList(r, list, what);
  }
}

/**
 * Read one record: a map holding each required field of `fields` and any optional ones, in
 * canonical order, nothing else, nothing after it. CborError (MALFORMED) names what is wrong.
 */
export function readRecord<T>(
  b: Uint8Array,
  maxSize: number,
  fields: readonly FieldSpec[],
  list: ListSpec<unknown>,
  name: string,
): T {
  if (!(b instanceof Uint8Array)) fail(`${name}: not bytes`);
  if (b.length > maxSize) fail(`${name}: ${b.length} bytes exceeds ${maxSize}`);
  const r = new Reader(b);
  const count = r.head(5, name);
  if (typeof count !== 'number' || count > fields.length)
    fail(`${name}: ${count} fields, at most ${fields.length}`);
  const out: Record<string, unknown> = {};
  let next = 0;
  for (let i = 0; i < count; i++) {
    const key = r.name();
    // Fields are listed in canonical order: a field before the last one read, a repeat or an
    // unknown name is not among the rest.
    let j = next;
    while (j < fields.length && fields[j]!.name !== key) j++;
    if (j === fields.length) fail(`${name}: unexpected field "${key}"`);
    for (; next < j; next++) {
      if (!fields[next]!.optional) fail(`${name}.${fields[next]!.name}: missing required field`);
    }
    const f = fields[next++]!;
    out[f.name] = readField(r, f.kind, list, `${name}.${f.name}`);
  }
  for (; next < fields.length; next++) {
    if (!fields[next]!.optional) fail(`${name}.${fields[next]!.name}: missing required field`);
  }
  if (r.at !== b.length) fail(`${name}: ${b.length - r.at} trailing bytes`);
  return out as T;
}
