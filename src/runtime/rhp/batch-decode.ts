/**
 * Direct decoding of the long lists in the two largest RHP messages: the inputs of an
 * ExecuteTxBatch request, the write logs and included hashes of its response. After the bounded
 * scan of the whole frame (limits, canonical heads, definite lengths), each list is read
 * straight from the frame, and the rest of the frame, with the list's field taken out (a
 * required write log left as an empty list), goes through the strict decoder as before. The
 * result is what decoding the whole frame gives: the lists are checked as their codecs check
 * them, canonical heads were checked by the scan, and the fields around them keep their order.
 * Anything unusual is declined and the caller decodes the whole frame, with its own errors.
 */
import { DEFAULT_LIMITS, scanCbor } from '../../common/index.js';
import type { LogEntry } from '../../mkvs/index.js';
import { MAX_BATCH_ITEMS, MAX_TX_BYTES } from './messages/common.js';

let major = 0;
let hl = 0;

/** The argument of the head at `pos` (the frame was scanned: heads are minimal and in bounds). */
function head(b: Uint8Array, pos: number): number {
  const ib = b[pos]!;
  major = ib >> 5;
  const ai = ib & 0x1f;
  if (ai < 24) {
    hl = 1;
    return ai;
  }
  const extra = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : 8;
  let v = 0;
  for (let i = 1; i <= extra; i++) v = v * 256 + b[pos + i]!;
  hl = 1 + extra;
  return v;
}

/** Offset just past the item at `pos`. */
function skip(b: Uint8Array, pos: number): number {
  let need = 1;
  let at = pos;
  while (need > 0) {
    const v = head(b, at);
    at += hl;
    need--;
    if (major === 2 || major === 3) at += v;
    else if (major === 4) need += v;
    else if (major === 5) need += 2 * v;
  }
  return at;
}

/** Where a map's field is: its key, its value, the end of the value; `ordered` when its key sorts between its neighbours'. */
interface Field {
  readonly keyAt: number;
  readonly valAt: number;
  readonly end: number;
  readonly ordered: boolean;
}

/** Canonical order of two encoded keys: shorter first, then bytewise (negative when a sorts first). */
function keyOrder(b: Uint8Array, a0: number, a1: number, b0: number, b1: number): number {
  if (a1 - a0 !== b1 - b0) return a1 - a0 - (b1 - b0);
  for (let i = 0; i < a1 - a0; i++) if (b[a0 + i] !== b[b0 + i]) return b[a0 + i]! - b[b0 + i]!;
  return 0;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** True when the item at `pos` is the text `name` (given as its bytes). */
function isText(b: Uint8Array, pos: number, name: Uint8Array): boolean {
  const n = head(b, pos);
  if (major !== 3 || n !== name.length) return false;
  const at = pos + hl;
  for (let i = 0; i < n; i++) if (b[at + i] !== name[i]) return false;
  return true;
}

/** The field `name` of the map at `pos` (text keys only), or undefined. */
function field(b: Uint8Array, pos: number, name: Uint8Array): Field | undefined {
  const pairs = head(b, pos);
  if (major !== 5) return undefined;
  let at = pos + hl;
  let prev = -1;
  for (let i = 0; i < pairs; i++) {
    const keyAt = at;
    if (isText(b, keyAt, name)) {
      const valAt = keyAt + hl + name.length;
      const end = skip(b, valAt);
      // A field taken out of the frame escapes the order check of the rest: check it here.
      let ordered = prev < 0 || keyOrder(b, prev, skip(b, prev), keyAt, valAt) < 0;
      if (i + 1 < pairs) ordered &&= keyOrder(b, keyAt, valAt, end, skip(b, end)) < 0;
      return { keyAt, valAt, end, ordered };
    }
    prev = keyAt;
    at = skip(b, skip(b, keyAt));
  }
  return undefined;
}

/**
 * A list of byte strings at `pos` (each exactly `len` bytes, or at most `max`), copied or, with
 * `view`, as views into `b`; undefined if not one.
 */
function readBytesList(
  b: Uint8Array,
  pos: number,
  view: boolean,
  max: number,
  len?: number,
): Uint8Array[] | undefined {
  const n = head(b, pos);
  if (major !== 4 || n > MAX_BATCH_ITEMS || n === 0) return undefined;
  let at = pos + hl;
  const out = new Array<Uint8Array>(n);
  for (let i = 0; i < n; i++) {
    const k = head(b, at);
    if ((major as number) !== 2 || k > max || (len !== undefined && k !== len)) return undefined;
    at += hl;
    out[i] = view ? b.subarray(at, at + k) : b.slice(at, at + k);
    at += k;
  }
  return out;
}

const MAX_LOG = 1 << 20;
const MAX_LOG_KEY = 8191;
const MAX_LOG_VALUE = 16 * 1024 * 1024;

/** A write log at `pos` as `writeLogCodec` reads it (entries `[key, value|null]`), copied or viewed; undefined if not one. */
function readLog(b: Uint8Array, pos: number, view: boolean): LogEntry[] | undefined {
  const n = head(b, pos);
  if (major !== 4 || n > MAX_LOG) return undefined;
  let at = pos + hl;
  const out = new Array<LogEntry>(n);
  for (let i = 0; i < n; i++) {
    if (b[at] !== 0x82) return undefined;
    const k = head(b, at + 1);
    if ((major as number) !== 2 || k > MAX_LOG_KEY) return undefined;
    at += 1 + hl;
    const key = view ? b.subarray(at, at + k) : b.slice(at, at + k);
    at += k;
    if (b[at] === 0xf6) {
      out[i] = { key, value: null };
      at += 1;
      continue;
    }
    const v = head(b, at);
    if ((major as number) !== 2 || v > MAX_LOG_VALUE) return undefined;
    at += hl;
    out[i] = { key, value: view ? b.subarray(at, at + v) : b.slice(at, at + v) };
    at += v;
  }
  return out;
}

/** A change to the frame: bytes [from, to) replaced by `put`, and the map at `mapAt` one field shorter if `drop`. */
interface Cut {
  readonly from: number;
  readonly to: number;
  readonly put: number[];
  readonly mapAt: number;
  readonly drop: boolean;
}

/** The frame with the cuts applied (cuts in increasing order, none overlapping). */
function applyCuts(b: Uint8Array, cuts: readonly Cut[]): Uint8Array | undefined {
  let size = b.length;
  for (const c of cuts) size += c.put.length - (c.to - c.from);
  const out = new Uint8Array(size);
  let src = 0;
  let dst = 0;
  for (const c of cuts) {
    out.set(b.subarray(src, c.from), dst);
    dst += c.from - src;
    for (const x of c.put) out[dst++] = x;
    src = c.to;
  }
  out.set(b.subarray(src), dst);
  // Field counts below 24 sit in the head's first byte, which no cut moves (cuts start later).
  for (const c of cuts) {
    if (!c.drop) continue;
    const ib = out[c.mapAt]!;
    if ((ib & 0x1f) === 0 || (ib & 0x1f) >= 24) return undefined;
    out[c.mapAt] = ib - 1;
  }
  return out;
}

const K = {
  body: ascii('body'),
  req: ascii('RuntimeExecuteTxBatchRequest'),
  resp: ascii('RuntimeExecuteTxBatchResponse'),
  inputs: ascii('inputs'),
  batch: ascii('batch'),
  io: ascii('io_write_log'),
  state: ascii('state_write_log'),
  hashes: ascii('tx_hashes'),
};

/** What was taken out of a frame, to be put back into the decoded message. */
export interface BatchLists {
  /** The frame without the lists (to decode strictly). */
  readonly rest: Uint8Array;
  /** Puts the lists back into the message decoded from `rest`. */
  fill(body: unknown): boolean;
}

function variantAt(b: Uint8Array): { kind: 'req' | 'resp'; at: number } | undefined {
  const body = field(b, 0, K.body);
  if (body === undefined) return undefined;
  const req = field(b, body.valAt, K.req);
  if (req !== undefined) return { kind: 'req', at: req.valAt };
  const resp = field(b, body.valAt, K.resp);
  return resp === undefined ? undefined : { kind: 'resp', at: resp.valAt };
}

function requestLists(b: Uint8Array, at: number, owned: boolean): BatchLists | undefined {
  const f = field(b, at, K.inputs);
  if (f === undefined || !f.ordered) return undefined;
  const inputs = readBytesList(b, f.valAt, owned, MAX_TX_BYTES);
  if (inputs === undefined) return undefined;
  const rest = applyCuts(b, [{ from: f.keyAt, to: f.end, put: [], mapAt: at, drop: true }]);
  if (rest === undefined) return undefined;
  return {
    rest,
    fill: (body) => {
      const q = (body as { RuntimeExecuteTxBatchRequest?: { inputs: unknown } }).RuntimeExecuteTxBatchRequest;
      if (q === undefined || !Array.isArray(q.inputs) || q.inputs.length !== 0) return false;
      q.inputs = inputs;
      return true;
    },
  };
}

function responseLists(b: Uint8Array, at: number, owned: boolean): BatchLists | undefined {
  const batch = field(b, at, K.batch);
  if (batch === undefined) return undefined;
  const io = field(b, batch.valAt, K.io);
  const state = field(b, batch.valAt, K.state);
  const hashes = field(b, at, K.hashes);
  if (io === undefined || state === undefined || (hashes !== undefined && !hashes.ordered)) return undefined;
  // The IO log is hashed and passed on with the response; the state log and the hashes end up
  // in long-lived stores, where a view would keep the whole frame alive: those are copied.
  const ioLog = readLog(b, io.valAt, owned);
  const stateLog = readLog(b, state.valAt, false);
  const hashList = hashes === undefined ? [] : readBytesList(b, hashes.valAt, false, 32, 32);
  if (ioLog === undefined || stateLog === undefined || hashList === undefined) return undefined;
  const cuts: Cut[] = [
    { from: io.valAt, to: io.end, put: [0x80], mapAt: batch.valAt, drop: false },
    { from: state.valAt, to: state.end, put: [0x80], mapAt: batch.valAt, drop: false },
  ];
  if (hashes !== undefined) cuts.push({ from: hashes.keyAt, to: hashes.end, put: [], mapAt: at, drop: true });
  cuts.sort((x, y) => x.from - y.from);
  const rest = applyCuts(b, cuts);
  if (rest === undefined) return undefined;
  return {
    rest,
    fill: (body) => {
      type R = { batch: { io_write_log: unknown[]; state_write_log: unknown[] }; tx_hashes: unknown[] };
      const r = (body as { RuntimeExecuteTxBatchResponse?: R }).RuntimeExecuteTxBatchResponse;
      if (r === undefined || r.batch.io_write_log.length !== 0 || r.batch.state_write_log.length !== 0)
        return false;
      if (r.tx_hashes.length !== 0) return false;
      r.batch.io_write_log = ioLog;
      r.batch.state_write_log = stateLog;
      r.tx_hashes = hashList;
      return true;
    },
  };
}

/**
 * The long lists of an ExecuteTxBatch request or response frame, read directly, and the rest of
 * the frame; undefined for any other frame or anything the direct reader declines. With `owned`
 * (the caller hands `b` over and never writes to it), a request's inputs and a response's IO
 * write log are views into `b` instead of copies: a thousand small arrays less per batch.
 */
export function takeBatchLists(frame: Uint8Array, maxSize: number, owned = false): BatchLists | undefined {
  // A plain view: `slice` of a Buffer would share memory instead of copying.
  const b =
    Object.getPrototypeOf(frame) === Uint8Array.prototype
      ? frame
      : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  try {
    scanCbor(b, { ...DEFAULT_LIMITS, maxSize });
    if (head(b, 0) !== 3 || major !== 5) return undefined;
    const v = variantAt(b);
    if (v === undefined) return undefined;
    return v.kind === 'req' ? requestLists(b, v.at, owned) : responseLists(b, v.at, owned);
  } catch {
    return undefined;
  }
}
