/**
 * Direct encoding of the two largest RHP messages, a batch request (a thousand inputs) and its
 * response (write logs of thousands of entries). The schema still converts and checks every
 * other field; the long lists are checked as their codecs check them and written straight into
 * one array each, then spliced verbatim into the canonical writer's output. The bytes are the
 * canonical codec's (tests compare both on random batches); anything unusual is declined and
 * the general path encodes it, with its own errors.
 */
import { type Codec, cborHeadLength, EncodedCbor, encodePlain, putCborHead } from '../../common/index.js';
import { writeLogBytes } from '../../mkvs/index.js';
import { MAX_BATCH_ITEMS, MAX_TX_BYTES } from './messages/common.js';
import type { RuntimeExecuteTxBatchRequest, RuntimeExecuteTxBatchResponse } from './messages/execute.js';

/** The message shape this module needs (see message.ts). */
interface Msg {
  body: unknown;
}

/** A list of byte strings (each of `len` bytes, or at most `max`), or undefined when one is not. */
function bytesListBytes(list: unknown, maxItems: number, max: number, len?: number): Uint8Array | undefined {
  if (!Array.isArray(list) || list.length > maxItems) return undefined;
  let n = cborHeadLength(list.length);
  for (let i = 0; i < list.length; i++) {
    const b: unknown = list[i];
    if (!(b instanceof Uint8Array) || b.length > max || (len !== undefined && b.length !== len))
      return undefined;
    n += cborHeadLength(b.length) + b.length;
  }
  const out = new Uint8Array(n);
  let at = putCborHead(out, 0, 4, list.length);
  for (let i = 0; i < list.length; i++) {
    const b = list[i] as Uint8Array;
    at = putCborHead(out, at, 2, b.length);
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** The one variant of a body, when it is `kind`. */
function variantOf<T>(body: unknown, kind: string): T | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== kind) return undefined;
  const v = (body as Record<string, unknown>)[kind];
  return typeof v === 'object' && v !== null ? (v as T) : undefined;
}

/** The plain value at `path` in a schema's output, when it is an object. */
function at(tree: unknown, ...path: string[]): Record<string, unknown> | undefined {
  let t = tree;
  for (const k of path) {
    if (typeof t !== 'object' || t === null) return undefined;
    t = (t as Record<string, unknown>)[k];
  }
  return typeof t === 'object' && t !== null ? (t as Record<string, unknown>) : undefined;
}

const REQ = 'RuntimeExecuteTxBatchRequest';
const RESP = 'RuntimeExecuteTxBatchResponse';

function request<M extends Msg>(
  m: M,
  q: RuntimeExecuteTxBatchRequest,
  codec: Codec<M>,
): Uint8Array | undefined {
  if (!Array.isArray(q.inputs) || q.inputs.length === 0) return undefined;
  const inputs = bytesListBytes(q.inputs, MAX_BATCH_ITEMS, MAX_TX_BYTES);
  if (inputs === undefined) return undefined;
  const tree = codec.toCbor({ ...m, body: { [REQ]: { ...q, inputs: [] } } }, '');
  const body = at(tree, 'body', REQ);
  // An empty list is omitted (Go's omitempty): the field must be absent here.
  if (body === undefined || body.inputs !== undefined) return undefined;
  body.inputs = new EncodedCbor(inputs);
  return encodePlain(tree);
}

function response<M extends Msg>(
  m: M,
  r: RuntimeExecuteTxBatchResponse,
  codec: Codec<M>,
): Uint8Array | undefined {
  const batch = r.batch;
  if (typeof batch !== 'object' || batch === null) return undefined;
  const io = writeLogBytes(batch.io_write_log);
  const state = writeLogBytes(batch.state_write_log);
  if (io === undefined || state === undefined) return undefined;
  const many = Array.isArray(r.tx_hashes) && r.tx_hashes.length > 0;
  const hashes = many ? bytesListBytes(r.tx_hashes, MAX_BATCH_ITEMS, 32, 32) : undefined;
  if (many && hashes === undefined) return undefined;
  const stripped = {
    ...r,
    batch: { ...batch, io_write_log: [], state_write_log: [] },
    tx_hashes: many ? [] : r.tx_hashes,
  };
  const tree = codec.toCbor({ ...m, body: { [RESP]: stripped } }, '');
  const top = at(tree, 'body', RESP);
  const b = at(top, 'batch');
  if (top === undefined || b === undefined) return undefined;
  if (!isEmptyList(b.io_write_log) || !isEmptyList(b.state_write_log)) return undefined;
  b.io_write_log = new EncodedCbor(io);
  b.state_write_log = new EncodedCbor(state);
  if (hashes !== undefined) {
    if (top.tx_hashes !== undefined) return undefined;
    top.tx_hashes = new EncodedCbor(hashes);
  }
  return encodePlain(tree);
}

function isEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

/**
 * The canonical encoding of `m` when it is an ExecuteTxBatch request or response the direct
 * path takes (the same bytes as `encodeCanonical(codec.toCbor(m, ''))`), else undefined.
 */
export function encodeBatchMessage<M extends Msg>(m: M, codec: Codec<M>): Uint8Array | undefined {
  try {
    const q = variantOf<RuntimeExecuteTxBatchRequest>(m.body, REQ);
    if (q !== undefined) return request(m, q, codec);
    const r = variantOf<RuntimeExecuteTxBatchResponse>(m.body, RESP);
    if (r !== undefined) return response(m, r, codec);
  } catch {
    // The general path meets the same problem and reports it its own way.
  }
  return undefined;
}
