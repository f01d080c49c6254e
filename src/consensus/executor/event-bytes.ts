/**
 * A direct writer of an event's canonical bytes for the executor's per-event path. An event is the
 * map `{kind, value, module}` (canonical key order: shorter first); the usual value is a small
 * plain object of byte strings, integers and ASCII text (a transfer's `{to, from, amount}`). Such
 * events are written straight into one scratch buffer, without the schema codec's output object
 * and field paths; anything else (non-ASCII or over-long names, nested or other values, more
 * fields) gives undefined and the event codec decides, so its errors are unchanged. A test checks
 * that both give the same bytes over many random events.
 */
import { putCborHead64, slabCopy } from '../../common/index.js';
import type { ServiceEvent } from '../service.js';

/** Longest module or kind name (the event codec's text bound, in characters). */
const MAX_NAME = 64;
/** Most value fields written here; larger values go to the codec. */
const MAX_FIELDS = 16;
const U64_MAX = 0xffffffffffffffffn;
const K_KIND = [0x64, 0x6b, 0x69, 0x6e, 0x64];
const K_VALUE = [0x65, 0x76, 0x61, 0x6c, 0x75, 0x65];
const K_MODULE = [0x66, 0x6d, 0x6f, 0x64, 0x75, 0x6c, 0x65];

let buf = new Uint8Array(512);
let off = 0;
/** Set while writing: a getter that emits re-enters, and is then left to the codec. */
let busy = false;

function room(n: number): void {
  if (off + n <= buf.length) return;
  const next = new Uint8Array(Math.max(buf.length * 2, off + n));
  next.set(buf.subarray(0, off));
  buf = next;
}

/** A minimal head of `major` with an argument in 0..2^64−1 (safe integer or bigint). */
function head(major: number, v: number | bigint): void {
  room(9);
  off = putCborHead64(buf, off, major, v);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function ascii(s: string): void {
  head(3, s.length);
  room(s.length);
  for (let i = 0; i < s.length; i++) buf[off++] = s.charCodeAt(i);
}

function put(bytes: readonly number[]): void {
  room(bytes.length);
  for (let i = 0; i < bytes.length; i++) buf[off++] = bytes[i]!;
}

/** Writes a field value in the shapes handled here; false for any other. */
function field(v: unknown): boolean {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) return false;
    if (v >= 0) head(0, v);
    else head(1, -1 - v);
    return true;
  }
  if (typeof v === 'bigint') {
    if (v >= 0n ? v > U64_MAX : -1n - v > U64_MAX) return false;
    if (v >= 0n) head(0, v);
    else head(1, -1n - v);
    return true;
  }
  if (typeof v === 'string') {
    if (!isAscii(v)) return false;
    ascii(v);
    return true;
  }
  if (typeof v === 'boolean' || v === null) {
    room(1);
    buf[off++] = v === null ? 0xf6 : v ? 0xf5 : 0xf4;
    return true;
  }
  if (typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Uint8Array.prototype && proto !== Buffer.prototype) return false;
  const b = v as Uint8Array;
  head(2, b.length);
  room(b.length);
  buf.set(b, off);
  off += b.length;
  return true;
}

/** Canonical order of ASCII text keys: shorter first, then by code units (= bytes). */
function keyOrder(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The defined fields' keys in canonical order, or undefined when a key is not ASCII. */
function sortedKeys(o: Record<string, unknown>): string[] | undefined {
  const keys = Object.keys(o);
  if (keys.length > MAX_FIELDS) return undefined;
  let n = 0;
  for (const k of keys) {
    if (!isAscii(k)) return undefined;
    if (o[k] !== undefined) keys[n++] = k;
  }
  keys.length = n;
  for (let i = 1; i < n; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keyOrder(keys[j]!, k) > 0; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
  return keys;
}

/**
 * The last value's own keys as listed, and the same keys in canonical order: events of one kind
 * repeat one shape, which is then neither checked nor sorted again (strings compare by identity
 * first, so the match is cheap for the same literal keys).
 */
let lastListed: string[] = [];
let lastSorted: string[] = [];

/** {@link sortedKeys} through the one-shape cache; every value must be defined to use it. */
function keysOf(o: Record<string, unknown>): string[] | undefined {
  const listed = Object.keys(o);
  const n = listed.length;
  if (n === lastListed.length) {
    let i = 0;
    while (i < n && listed[i] === lastListed[i] && o[listed[i]!] !== undefined) i++;
    if (i === n) return lastSorted;
  }
  const sorted = sortedKeys(o);
  if (sorted !== undefined && sorted.length === n) {
    lastListed = listed;
    lastSorted = sorted;
  }
  return sorted;
}

function writeValue(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const o = v as Record<string, unknown>;
  const keys = keysOf(o);
  if (keys === undefined) return false;
  head(5, keys.length);
  for (const k of keys) {
    ascii(k);
    if (!field(o[k])) return false;
  }
  return true;
}

function nameOk(s: unknown): s is string {
  return typeof s === 'string' && s.length <= MAX_NAME && isAscii(s);
}

/**
 * The canonical bytes of `ev` (what the event codec writes) when it is in the common shape, else
 * undefined (encode it with the codec, which also refuses what does not fit the format).
 */
export function writeEvent(ev: ServiceEvent): Uint8Array | undefined {
  const { module, kind, value } = ev;
  if (busy || !nameOk(module) || !nameOk(kind)) return undefined;
  busy = true;
  off = 0;
  try {
    buf[off++] = 0xa3;
    put(K_KIND);
    ascii(kind);
    put(K_VALUE);
    if (!writeValue(value)) return undefined;
    put(K_MODULE);
    ascii(module);
    // A view of a shared slab: the bytes live only until the receipt is written.
    return slabCopy(buf, 0, off);
  } catch {
    // A throwing getter or proxy: the codec meets it again and reports it its way.
    return undefined;
  } finally {
    busy = false;
    if (buf.length > 1 << 16) buf = new Uint8Array(512);
  }
}
