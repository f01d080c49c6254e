/**
 * Two-way JSON codecs: the server encodes backend data with them and the client decodes (strictly)
 * with the same ones, so both sides agree on every field by construction. Bytes are lower-case hex
 * without `0x`, bigints decimal strings, addresses bech32.
 */
import { addressFromString, addressToString, fromHex, toHex } from '../common/index.js';
import { ApiError } from './errors.js';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Encodes `T` to JSON and decodes it back, throwing {@link ApiError.MALFORMED_VALUE} on mismatch. */
export interface JsonCodec<T> {
  encode(v: T): Json;
  decode(j: unknown, path: string): T;
}

/** Longest string any codec accepts when decoding (bounds hostile responses). */
export const MAX_JSON_STRING = 4 * 1024 * 1024;

function bad(path: string, what: string): never {
  throw new ApiError(ApiError.MALFORMED_VALUE, `${path}: expected ${what}`);
}

function str(j: unknown, path: string, what: string): string {
  if (typeof j !== 'string' || j.length > MAX_JSON_STRING) bad(path, what);
  return j;
}

const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;
const DECIMAL = /^(?:0|[1-9][0-9]{0,77})$/;

/** Bytes as lower-case hex. */
export const bytesJ: JsonCodec<Uint8Array> = {
  encode: (v) => toHex(v),
  decode: (j, p) => {
    const s = str(j, p, 'hex');
    if (!LOWER_HEX.test(s)) bad(p, 'lower-case hex');
    return fromHex(s);
  },
};

/** A non-negative bigint as a decimal string. */
export const bigintJ: JsonCodec<bigint> = {
  encode: (v) => v.toString(10),
  decode: (j, p) => {
    const s = str(j, p, 'decimal string');
    if (!DECIMAL.test(s)) bad(p, 'decimal string');
    return BigInt(s);
  },
};

/** An account address in bech32. */
export const addressJ: JsonCodec<Uint8Array> = {
  encode: (v) => addressToString(v),
  decode: (j, p) => {
    const s = str(j, p, 'address');
    try {
      return addressFromString(s);
    } catch {
      return bad(p, 'bech32 address');
    }
  },
};

/** A non-negative safe integer. */
export const uintJ: JsonCodec<number> = {
  encode: (v) => v,
  decode: (j, p) => (Number.isSafeInteger(j) && (j as number) >= 0 ? (j as number) : bad(p, 'integer')),
};

/** A string. */
export const stringJ: JsonCodec<string> = { encode: (v) => v, decode: (j, p) => str(j, p, 'string') };

/** A boolean. */
export const boolJ: JsonCodec<boolean> = {
  encode: (v) => v,
  decode: (j, p) => (typeof j === 'boolean' ? j : bad(p, 'boolean')),
};

/** One of a fixed set of strings. */
export function enumJ<T extends string>(values: readonly T[]): JsonCodec<T> {
  return {
    encode: (v) => v,
    decode: (j, p) => (values.includes(j as T) ? (j as T) : bad(p, values.join(' | '))),
  };
}

/** An array of `T`. */
export function arrayJ<T>(item: JsonCodec<T>): JsonCodec<T[]> {
  return {
    encode: (v) => v.map((x) => item.encode(x)),
    decode: (j, p) => (Array.isArray(j) ? j.map((x, i) => item.decode(x, `${p}[${i}]`)) : bad(p, 'array')),
  };
}

/** `T` or null. */
export function nullableJ<T>(inner: JsonCodec<T>): JsonCodec<T | null> {
  return {
    encode: (v) => (v === null ? null : inner.encode(v)),
    decode: (j, p) => (j === null ? null : inner.decode(j, p)),
  };
}

/** An optional field: absent when undefined. */
export function optionalJ<T>(inner: JsonCodec<T>): JsonCodec<T | undefined> {
  return {
    encode: (v) => (v === undefined ? (undefined as unknown as Json) : inner.encode(v)),
    decode: (j, p) => (j === undefined ? undefined : inner.decode(j, p)),
  };
}

/** An object with the given fields; decoding ignores unknown fields (newer servers may add some). */
export function objectJ<T>(shape: { [K in keyof T]-?: JsonCodec<T[K]> }): JsonCodec<T> {
  const keys = Object.keys(shape) as (keyof T & string)[];
  return {
    encode: (v) => {
      const out: { [k: string]: Json } = {};
      for (const k of keys) {
        const e = shape[k].encode(v[k]);
        if (e !== undefined) out[k] = e;
      }
      return out;
    },
    decode: (j, p) => {
      if (typeof j !== 'object' || j === null || Array.isArray(j)) bad(p, 'object');
      const rec = j as Record<string, unknown>;
      const out = {} as T;
      for (const k of keys) {
        const v = shape[k].decode(Object.hasOwn(rec, k) ? rec[k] : undefined, `${p}.${k}`);
        if (v !== undefined) out[k] = v;
      }
      return out;
    },
  };
}
