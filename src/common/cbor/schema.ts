/**
 * Typed codecs between JS values and the CBOR data model. A codec validates on the way in
 * (types, fixed lengths, bounds, unknown fields) and produces the canonical shape on the way out
 * (omitted optional fields, minimal quantities). {@link decodeWith} requires the input to equal
 * the canonical encoding of what it decoded, so every accepted message has exactly one encoding.
 * Struct property names are the wire names (Oasis's JSON tags), so no mapping table can drift.
 */
import { bytesEqual } from '../bytes.js';
import { quantityFromBytes, quantityToBytes } from '../quantity.js';
import { type DecodeOptions, decodeChecked, encodeCanonical } from './codec.js';
import { CborError } from './errors.js';

/** A two-way mapping between a JS value of type T and a CBOR data-model value. */
export interface Codec<T> {
  /** Short type name for error messages. */
  readonly name: string;
  /** JS value → CBOR data model (validates too). */
  toCbor(v: T, path: string): unknown;
  /** CBOR data model → JS value; throws {@link CborError} with the path on mismatch. */
  fromCbor(raw: unknown, path: string): T;
}

/** The JS type a codec produces. */
export type Infer<C> = C extends Codec<infer T> ? T : never;

function fail(path: string, msg: string): never {
  throw new CborError(CborError.SCHEMA, `${path || 'value'}: ${msg}`);
}

/** Unsigned integer as a JS number, 0..max (max ≤ 2^53−1). */
export function uint(max: number = Number.MAX_SAFE_INTEGER, name = 'uint'): Codec<number> {
  const check = (v: unknown, path: string): number => {
    const n = typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > max) {
      fail(path, `expected ${name} (0..${max})`);
    }
    return n;
  };
  return { name, toCbor: check, fromCbor: check };
}

export const u8: Codec<number> = uint(0xff, 'u8');
export const u16: Codec<number> = uint(0xffff, 'u16');
export const u32: Codec<number> = uint(0xffffffff, 'u32');

/** Full-range u64 as a bigint. */
export const u64: Codec<bigint> = {
  name: 'u64',
  toCbor(v, path) {
    if (typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn) fail(path, 'expected u64 bigint');
    return v;
  },
  fromCbor(raw, path) {
    if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return BigInt(raw);
    if (typeof raw === 'bigint' && raw >= 0n && raw <= 0xffffffffffffffffn) return raw;
    return fail(path, 'expected u64');
  },
};

/** Signed integer as a JS number (safe range). */
export const int: Codec<number> = {
  name: 'int',
  toCbor(v, path) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(path, 'expected integer');
    return v;
  },
  fromCbor(raw, path) {
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) fail(path, 'expected integer');
    return raw;
  },
};

export const bool: Codec<boolean> = {
  name: 'bool',
  toCbor(v, path) {
    if (typeof v !== 'boolean') fail(path, 'expected bool');
    return v;
  },
  fromCbor(raw, path) {
    if (typeof raw !== 'boolean') fail(path, 'expected bool');
    return raw;
  },
};

/** Text string of at most `max` UTF-16 code units. */
export function text(max = 1 << 20): Codec<string> {
  const check = (v: unknown, path: string): string => {
    if (typeof v !== 'string' || v.length > max) fail(path, `expected text of at most ${max} chars`);
    return v;
  };
  return { name: 'text', toCbor: check, fromCbor: check };
}

/** Byte string, optionally of an exact length or bounded length. */
export function bytes(opts: { len?: number; max?: number } = {}): Codec<Uint8Array> {
  const { len, max = 16 * 1024 * 1024 } = opts;
  const check = (v: unknown, path: string): Uint8Array => {
    if (!(v instanceof Uint8Array)) fail(path, 'expected bytes');
    if (len !== undefined && v.length !== len) fail(path, `expected ${len} bytes, got ${v.length}`);
    if (v.length > max) fail(path, `more than ${max} bytes`);
    return v;
  };
  return { name: len === undefined ? 'bytes' : `bytes${len}`, toCbor: check, fromCbor: check };
}

/** 32-byte values: hashes, public keys, runtime ids. */
export const bytes32: Codec<Uint8Array> = bytes({ len: 32 });
/** 64-byte values: signatures. */
export const bytes64: Codec<Uint8Array> = bytes({ len: 64 });

/** Amount: bigint ↔ minimal big-endian bytes. */
export const quantity: Codec<bigint> = {
  name: 'quantity',
  toCbor(v, path) {
    if (typeof v !== 'bigint' || v < 0n) fail(path, 'expected non-negative bigint');
    return quantityToBytes(v);
  },
  fromCbor(raw, path) {
    if (!(raw instanceof Uint8Array)) fail(path, 'expected quantity bytes');
    try {
      return quantityFromBytes(raw);
    } catch (e) {
      return fail(path, (e as Error).message);
    }
  },
};

/** Any CBOR value, passed through unchanged (for opaque bodies decoded later by their owner). */
export const raw: Codec<unknown> = { name: 'raw', toCbor: (v) => v, fromCbor: (v) => v };

/** CBOR null ↔ JS null, otherwise the inner codec. */
export function nullable<T>(c: Codec<T>): Codec<T | null> {
  return {
    name: `${c.name}?`,
    toCbor: (v, path) => (v === null ? null : c.toCbor(v, path)),
    fromCbor: (r, path) => (r === null ? null : c.fromCbor(r, path)),
  };
}

/** Array of at most `max` elements. */
export function array<T>(c: Codec<T>, max = 1 << 16): Codec<T[]> {
  return {
    name: `${c.name}[]`,
    toCbor(v, path) {
      if (!Array.isArray(v) || v.length > max) fail(path, `expected array of at most ${max}`);
      return v.map((x, i) => c.toCbor(x, `${path}[${i}]`));
    },
    fromCbor(r, path) {
      if (!Array.isArray(r) || r.length > max) fail(path, `expected array of at most ${max}`);
      return r.map((x, i) => c.fromCbor(x, `${path}[${i}]`));
    },
  };
}

/** Fixed-length heterogeneous array (CBOR `as_array` structs, e.g. write-log entries). */
export function tuple<T extends unknown[]>(...cs: { [K in keyof T]: Codec<T[K]> }): Codec<T> {
  return {
    name: `(${cs.map((c) => c.name).join(',')})`,
    toCbor(v, path) {
      if (!Array.isArray(v) || v.length !== cs.length) fail(path, `expected ${cs.length}-tuple`);
      return cs.map((c, i) => c.toCbor(v[i], `${path}[${i}]`));
    },
    fromCbor(r, path) {
      if (!Array.isArray(r) || r.length !== cs.length) fail(path, `expected ${cs.length}-tuple`);
      return cs.map((c, i) => c.fromCbor(r[i], `${path}[${i}]`)) as T;
    },
  };
}

/** Map with text keys → values, at most `max` entries. */
export function textMap<T>(c: Codec<T>, max = 1 << 16): Codec<Record<string, T>> {
  const conv = (v: unknown, path: string, f: (x: unknown, p: string) => T | unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
      fail(path, 'expected map');
    }
    const keys = Object.keys(v);
    if (keys.length > max) fail(path, `more than ${max} entries`);
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (k === '__proto__') fail(path, 'key "__proto__" is not allowed');
      out[k] = f((v as Record<string, unknown>)[k], `${path}.${k}`);
    }
    return out;
  };
  return {
    name: `map<${c.name}>`,
    toCbor: (v, path) => conv(v, path, (x, p) => c.toCbor(x as T, p)),
    fromCbor: (r, path) => conv(r, path, (x, p) => c.fromCbor(x, p)) as Record<string, T>,
  };
}

/** Deferred codec, for recursive types. */
export function lazy<T>(f: () => Codec<T>): Codec<T> {
  return {
    name: 'lazy',
    toCbor: (v, p) => f().toCbor(v, p),
    fromCbor: (r, p) => f().fromCbor(r, p),
  };
}

/** A struct field that is omitted when `undefined` (Go pointer / `omitempty` on optional data). */
export interface OptionalField<T> {
  readonly optional: true;
  readonly codec: Codec<T>;
}

/** A struct field omitted when equal to its default (Go `omitempty` on a value type). */
export interface DefaultField<T> {
  readonly optional: false;
  readonly codec: Codec<T>;
  readonly defaultValue: T;
  isDefault(v: T): boolean;
}

/** Mark a field optional: omitted when undefined. */
export function optional<T>(codec: Codec<T>): OptionalField<T> {
  return { optional: true, codec };
}

/** Mark a field omit-when-default (e.g. `in_msgs_count` omitted when 0). */
export function withDefault<T>(
  codec: Codec<T>,
  defaultValue: T,
  isDefault?: (v: T) => boolean,
): DefaultField<T> {
  const eq =
    isDefault ??
    ((v: T) =>
      v instanceof Uint8Array && defaultValue instanceof Uint8Array
        ? bytesEqual(v, defaultValue)
        : v === defaultValue);
  return { optional: false, codec, defaultValue, isDefault: eq };
}

type FieldSpec = Codec<unknown> | OptionalField<unknown> | DefaultField<unknown>;
type Shape = Record<string, FieldSpec>;
type FieldValue<F> = F extends Codec<infer T> ? T : F extends { codec: Codec<infer T> } ? T : never;
type OptionalKeys<S> = { [K in keyof S]: S[K] extends OptionalField<unknown> ? K : never }[keyof S];
type RequiredKeys<S> = Exclude<keyof S, OptionalKeys<S>>;

/** The JS object type of a struct shape. */
export type StructOf<S> = { [K in RequiredKeys<S>]: FieldValue<S[K]> } & {
  [K in OptionalKeys<S>]?: FieldValue<S[K]>;
};

function isCodec(f: FieldSpec): f is Codec<unknown> {
  return typeof (f as Codec<unknown>).toCbor === 'function';
}

/** A CBOR map with text keys; unknown fields are rejected on decode. */
export function struct<S extends Shape>(shape: S, name = 'struct'): Codec<StructOf<S>> {
  const entries = Object.entries(shape);
  return {
    name,
    toCbor(v, path) {
      if (typeof v !== 'object' || v === null) fail(path, `expected ${name}`);
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, f] of entries) {
        const x = obj[k];
        const p = `${path}.${k}`;
        if (isCodec(f)) {
          if (x === undefined) fail(p, 'missing required field');
          out[k] = f.toCbor(x, p);
        } else if (f.optional) {
          if (x !== undefined) out[k] = f.codec.toCbor(x, p);
        } else if (x !== undefined && !f.isDefault(x)) {
          out[k] = f.codec.toCbor(x, p);
        }
      }
      return out;
    },
    fromCbor(r, path) {
      if (
        typeof r !== 'object' ||
        r === null ||
        Array.isArray(r) ||
        r instanceof Uint8Array ||
        r instanceof Map
      ) {
        fail(path, `expected ${name} map`);
      }
      const obj = r as Record<string, unknown>;
      for (const k of Object.keys(obj)) {
        if (!Object.hasOwn(shape, k)) {
          throw new CborError(CborError.UNKNOWN_FIELD, `${path || name}: unknown field "${k}"`);
        }
      }
      const out: Record<string, unknown> = {};
      for (const [k, f] of entries) {
        const x = obj[k];
        const p = `${path}.${k}`;
        if (isCodec(f)) {
          if (x === undefined) fail(p, 'missing required field');
          out[k] = f.fromCbor(x, p);
        } else if (f.optional) {
          if (x !== undefined) out[k] = f.codec.fromCbor(x, p);
        } else {
          out[k] = x === undefined ? f.defaultValue : f.codec.fromCbor(x, p);
        }
      }
      return out as StructOf<S>;
    },
  };
}

/** A one-of: a CBOR map with exactly one key naming the variant (RHP bodies, runtime messages). */
export type VariantOf<S extends Record<string, Codec<unknown>>> = {
  [K in keyof S]: { [P in K]: Infer<S[K]> } & { [P in Exclude<keyof S, K>]?: never };
}[keyof S];

/** Codec for {@link VariantOf}. */
export function variant<S extends Record<string, Codec<unknown>>>(
  shape: S,
  name = 'variant',
): Codec<VariantOf<S>> {
  const pick = (v: unknown, path: string): [string, Codec<unknown>, unknown] => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
      fail(path, `expected ${name}`);
    }
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
    if (keys.length !== 1) fail(path, `${name} must have exactly one variant, got ${keys.length}`);
    const k = keys[0]!;
    const c = shape[k];
    if (!c || !Object.hasOwn(shape, k)) {
      throw new CborError(CborError.UNKNOWN_FIELD, `${path || name}: unknown variant "${k}"`);
    }
    return [k, c, (v as Record<string, unknown>)[k]];
  };
  return {
    name,
    toCbor(v, path) {
      const [k, c, x] = pick(v, path);
      return { [k]: c.toCbor(x, `${path}.${k}`) };
    },
    fromCbor(r, path) {
      const [k, c, x] = pick(r, path);
      return { [k]: c.fromCbor(x, `${path}.${k}`) } as VariantOf<S>;
    },
  };
}

/** Encode `v` canonically through codec `c`. */
export function encodeWith<T>(c: Codec<T>, v: T): Uint8Array {
  return encodeCanonical(c.toCbor(v, ''));
}

/**
 * Strictly decode `b` through codec `c`: bounded scan, strict decode, schema validation (unknown
 * fields refused), and the canonical re-encoding of the result must equal `b`.
 */
export function decodeWith<T>(c: Codec<T>, b: Uint8Array, opts: DecodeOptions = {}): T {
  const value = c.fromCbor(decodeChecked(b, opts), '');
  if (!bytesEqual(encodeCanonical(c.toCbor(value, '')), b)) {
    throw new CborError(CborError.NON_CANONICAL, `${c.name}: input is not the canonical encoding`);
  }
  return value;
}
