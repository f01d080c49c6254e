/**
 * The usual UED outcome (receipts, no remaps, nothing pinned for the VED) written by the worker
 * without the schema codec's walk (the same bytes: a test compares), and read on the main thread
 * straight from its plain canonical value, without the schema codec's walk (a path string per field and element)
 * and its re-encoding of every receipt: the main thread reads one outcome per block, a receipt
 * per transaction. The strict canonical decoder proves the bytes are the canonical encoding of
 * the plain value; each field is then checked with exactly the rules of its codec (`u64`, `u8`,
 * `u32`, `text(64)`, 32 bytes, exact key sets, the count bounds), and every typed value here
 * encodes back to its plain value, so this accepts a subset of what the codec accepts, with the
 * same result. Anything else (remaps, pinned records, a value out of bounds, malformed bytes)
 * gives undefined, and the codec decides and words the error.
 */
import { decodeCanonical, encodeCanonical } from '../common/index.js';
import { MAX_TX_EVENTS, type Receipt, type ServiceEvent, type TxReceipt } from '../consensus/index.js';
import type { UedOutcome } from './ued-runner.js';

const U64_MAX = 0xffffffffffffffffn;
const MAX_TEXT = 64;

type Plain = Record<string, unknown>;

function isMap(v: unknown, keys: number): v is Plain {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return false;
  return Object.keys(v).length === keys;
}

function u64Of(v: unknown): bigint | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : undefined;
  return typeof v === 'bigint' && v >= 0n && v <= U64_MAX ? v : undefined;
}

/** A plain number in 0..max (the canonical reader gives safe integers as numbers). */
function uintOk(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
}

function textOk(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_TEXT;
}

function hash32(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array && v.length === 32;
}

/** `read` of every item, or undefined as soon as one is not of the usual shape. */
function everyOf<T>(items: readonly unknown[], read: (x: unknown) => T | undefined): T[] | undefined {
  const out: T[] = [];
  for (const x of items) {
    const v = read(x);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function eventOf(e: unknown): ServiceEvent | undefined {
  if (!isMap(e, 3) || !textOk(e.module) || !textOk(e.kind) || e.value === undefined) return undefined;
  return { module: e.module, kind: e.kind, value: e.value } as ServiceEvent;
}

function receiptOf(r: unknown): TxReceipt | undefined {
  if (!isMap(r, 2) || !hash32(r.txHash) || !isMap(r.receipt, 5)) return undefined;
  const { status, module, code, gas_used, events } = r.receipt;
  const gas = u64Of(gas_used);
  if (!uintOk(status, 0xff) || !textOk(module) || !uintOk(code, 0xffffffff) || gas === undefined)
    return undefined;
  if (!Array.isArray(events) || events.length > MAX_TX_EVENTS) return undefined;
  const evs = everyOf(events, eventOf);
  if (evs === undefined) return undefined;
  const receipt: Receipt = { status, module, code, gas_used: gas, events: evs };
  return { txHash: r.txHash, receipt };
}

/**
 * The outcome in `b` when it is of the usual shape (see the module comment), else undefined.
 * `maxBytes` and `maxReceipts` are the wire bounds the codec applies.
 */
export function readUsualOutcome(
  b: Uint8Array,
  maxBytes: number,
  maxReceipts: number,
): UedOutcome | undefined {
  let v: unknown;
  try {
    v = decodeCanonical(b, { maxSize: maxBytes });
  } catch {
    return undefined; // the codec words the error
  }
  if (!isMap(v, 5)) return undefined;
  const { height, domainHash, stateRoot, remapsOut, receipts } = v;
  const h = u64Of(height);
  if (h === undefined || !hash32(domainHash) || !hash32(stateRoot)) return undefined;
  if (!Array.isArray(remapsOut) || remapsOut.length !== 0) return undefined;
  if (!Array.isArray(receipts) || receipts.length > maxReceipts) return undefined;
  const out = everyOf(receipts, receiptOf);
  if (out === undefined) return undefined;
  return { height: h, domainHash, stateRoot, remapsOut: [], receipts: out };
}

function eventOk(e: ServiceEvent): boolean {
  return textOk(e.module) && textOk(e.kind) && e.value !== undefined;
}

function receiptOk(r: TxReceipt): boolean {
  const { status, module, code, gas_used, events } = r.receipt;
  if (!hash32(r.txHash) || !uintOk(status, 0xff) || !textOk(module) || !uintOk(code, 0xffffffff))
    return false;
  if (typeof gas_used !== 'bigint' || u64Of(gas_used) === undefined) return false;
  return Array.isArray(events) && events.length <= MAX_TX_EVENTS && events.every(eventOk);
}

/** The plain value the codec would produce for a receipt (its fields only, in any order). */
function plainReceipt(r: TxReceipt): Plain {
  const { status, module, code, gas_used, events } = r.receipt;
  const evs = events.map((e) => ({ module: e.module, kind: e.kind, value: e.value }));
  return { txHash: r.txHash, receipt: { status, module, code, gas_used, events: evs } };
}

/**
 * The canonical bytes of an outcome of the usual shape whose every field is within its codec's
 * bounds, else undefined (the codec then encodes it, or words why it cannot).
 */
export function writeUsualOutcome(o: UedOutcome, maxReceipts: number): Uint8Array | undefined {
  if (o.remapsOut.length !== 0 || o.forVed !== undefined || o.receipts.length > maxReceipts) return undefined;
  if (typeof o.height !== 'bigint' || u64Of(o.height) === undefined) return undefined;
  if (!hash32(o.domainHash) || !hash32(o.stateRoot) || !o.receipts.every(receiptOk)) return undefined;
  const receipts = o.receipts.map(plainReceipt);
  return encodeCanonical({
    height: o.height,
    domainHash: o.domainHash,
    stateRoot: o.stateRoot,
    remapsOut: [],
    receipts,
  });
}
