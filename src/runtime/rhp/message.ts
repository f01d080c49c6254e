/**
 * The RHP envelope `{id, message_type, body}` and its strict decoding. Decoding classifies what is
 * wrong with a frame (malformed, non-canonical, unknown variant, wrong message type) so the
 * connection can report a precise protocol error.
 */
import {
  CborError,
  type Codec,
  DEFAULT_LIMITS,
  decodeChecked,
  encodeCanonical,
  readCanonical,
  scanCbor,
  struct,
  u8,
  u64,
} from '../../common/index.js';

import { takeBatchLists } from './batch-decode.js';
import { encodeBatchMessage } from './batch-encode.js';
import { RhpError } from './errors.js';
import { BODY_CODECS, type Body, bodyCodec, isRequestKind } from './messages/body.js';
import { sameValue } from './same-value.js';

/** `message_type` values. */
export const MessageType = { Request: 1, Response: 2 } as const;
/** The `message_type` numbers. */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** One RHP message. */
export interface Message {
  id: bigint;
  message_type: MessageType;
  body: Body;
}

/** Codec of {@link Message} (schema only; see {@link encodeMessage} and {@link decodeMessage}). */
export const messageCodec = struct(
  { id: u64, message_type: u8, body: bodyCodec },
  'Message',
) as Codec<Message>;

/** Canonical CBOR of a message (not framed). Throws {@link RhpError.ENCODE} on an invalid value. */
export function encodeMessage(m: Message): Uint8Array {
  const direct = encodeBatchMessage(m, messageCodec);
  if (direct !== undefined) return direct;
  return encodeMessageGeneral(m);
}

/**
 * {@link encodeMessage} through the schema and the canonical encoder only: the reference the
 * direct batch writer is tested against, and the path that words every encoding error.
 */
export function encodeMessageGeneral(m: Message): Uint8Array {
  try {
    return encodeCanonical(messageCodec.toCbor(m, ''));
  } catch (e) {
    throw new RhpError(RhpError.ENCODE, `cannot encode message: ${(e as Error).message}`);
  }
}

/**
 * Byte equality through node's native comparison: frames run to megabytes (a batch's write
 * logs), where a JavaScript loop costs about a tenth of the whole strict decode.
 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.length === b.length &&
    Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
  );
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Checks message_type and the body's variant name before the full schema is applied. */
function classify(raw: unknown): void {
  if (!isMap(raw)) throw new RhpError(RhpError.MALFORMED_MESSAGE, 'message is not a map');
  const t = raw.message_type;
  if (t !== MessageType.Request && t !== MessageType.Response) {
    throw new RhpError(RhpError.WRONG_MESSAGE_TYPE, `unknown message_type ${String(t)}`);
  }
  const body = raw.body;
  if (!isMap(body)) throw new RhpError(RhpError.MALFORMED_MESSAGE, 'body is not a map');
  const keys = Object.keys(body);
  if (keys.length !== 1) {
    throw new RhpError(RhpError.MALFORMED_MESSAGE, `body has ${keys.length} variants, expected 1`);
  }
  const kind = keys[0]!;
  if (!Object.hasOwn(BODY_CODECS, kind)) {
    throw new RhpError(RhpError.UNKNOWN_VARIANT, `unknown body variant "${kind.slice(0, 64)}"`);
  }
  if (isRequestKind(kind) !== (t === MessageType.Request)) {
    throw new RhpError(RhpError.WRONG_MESSAGE_TYPE, `${kind} sent with message_type ${t}`);
  }
}

function fromCbor(e: unknown): RhpError {
  if (e instanceof RhpError) return e;
  if (e instanceof CborError) {
    const nonCanonical =
      e.code === CborError.NON_CANONICAL ||
      e.code === CborError.NON_MINIMAL_INTEGER ||
      e.code === CborError.DUPLICATE_KEY;
    const code = nonCanonical ? RhpError.NON_CANONICAL : RhpError.MALFORMED_MESSAGE;
    return new RhpError(code, `bad message: ${e.message}`, { cbor: e.code });
  }
  return new RhpError(RhpError.MALFORMED_MESSAGE, `bad message: ${(e as Error)?.message ?? String(e)}`);
}

/**
 * The fast path of {@link decodeMessage}: the bounded scan, then the canonical reader instead of
 * cborg (it proves the input is the canonical encoding of what it read), the same classification
 * and schema, and a structural comparison of the schema's re-encoding input with what was read
 * (the byte comparison when that proves nothing). Undefined when anything fails or is declined:
 * the strict path then decides, so a refused frame gives exactly the error it gave before.
 */
function decodeFast(b: Uint8Array, maxSize: number): Message | undefined {
  try {
    scanCbor(b, { ...DEFAULT_LIMITS, maxSize });
    const raw = readCanonical(b);
    if (raw === undefined) return undefined;
    classify(raw);
    const m = messageCodec.fromCbor(raw, '');
    const back = messageCodec.toCbor(m, '');
    return sameValue(back, raw) || sameBytes(encodeCanonical(back), b) ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decode one frame body strictly: bounded CBOR scan, known variant of the right message type,
 * full schema (unknown fields refused), and the canonical re-encoding must equal the input.
 * With `owned` (the caller gives `b` up: a fresh frame nothing else writes to), a batch
 * request's inputs and a batch response's IO write log may be views into `b`; otherwise every
 * byte string of the result is a copy.
 */
export function decodeMessage(b: Uint8Array, maxSize: number, owned = false): Message {
  if (b instanceof Uint8Array) {
    const lists = takeBatchLists(b, maxSize, owned);
    if (lists !== undefined) {
      const rest = decodeFast(lists.rest, maxSize);
      if (rest !== undefined && lists.fill(rest.body)) return rest;
    }
    const fast = decodeFast(b, maxSize);
    if (fast !== undefined) return fast;
  }
  return decodeMessageStrict(b, maxSize);
}

/**
 * {@link decodeMessage} through cborg only (no direct reader): the reference the fast path is
 * tested against, and the path that produces every refusal.
 */
export function decodeMessageStrict(b: Uint8Array, maxSize: number): Message {
  try {
    const raw = decodeChecked(b, { maxSize });
    classify(raw);
    const m = messageCodec.fromCbor(raw, '');
    if (!sameBytes(encodeCanonical(messageCodec.toCbor(m, '')), b)) {
      throw new RhpError(RhpError.NON_CANONICAL, 'message is not the canonical encoding');
    }
    return m;
  } catch (e) {
    throw fromCbor(e);
  }
}
