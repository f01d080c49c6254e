/**
 * Incoming-message records (api/incoming.ts): the UED's inbox per epoch, and in the VED each
 * runtime's queue with its next id. Stored bytes decode strictly (CORRUPT_STATE otherwise).
 */
import { type Codec, decodeWith, encodeWith, TandemError, u64be } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import {
  type IncomingMessage,
  incomingMessageCodec,
  MAX_INBOX_PER_EPOCH,
  type PendingInMessage,
  pendingInMessageCodec,
  RoothashError,
} from '../api/index.js';
import { inboxKey, inboxPrefix, queueKey, queueNextKey, queuePrefix } from './keys.js';
import type { KvRead } from './outbox.js';

function decode<T>(c: Codec<T>, b: Uint8Array): T {
  try {
    return decodeWith(c, b);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new RoothashError(RoothashError.CORRUPT_STATE, `stored ${c.name}: ${e.message}`);
  }
}

async function count(kv: KvRead, prefix: Uint8Array): Promise<number> {
  let n = 0;
  for await (const _ of kv.entries(prefix)) n++;
  return n;
}

/** INBOX_FULL unless the UED inbox of `epoch` has room. */
export async function requireInboxRoom(kv: KvRead, epoch: bigint): Promise<number> {
  const n = await count(kv, inboxPrefix(epoch));
  if (n >= MAX_INBOX_PER_EPOCH) {
    throw new RoothashError(RoothashError.INBOX_FULL, `roothash: the inbox of epoch ${epoch} is full`);
  }
  return n;
}

/** Append a message to the UED inbox of `epoch`. */
export async function appendInbox(kv: KvState, epoch: bigint, m: PendingInMessage): Promise<void> {
  const seq = await requireInboxRoom(kv, epoch);
  kv.set(inboxKey(epoch, seq), encodeWith(pendingInMessageCodec, m));
}

/** The UED inbox of `epoch`, in order. */
export async function readInbox(kv: KvRead, epoch: bigint): Promise<PendingInMessage[]> {
  const out: PendingInMessage[] = [];
  for await (const [, v] of kv.entries(inboxPrefix(epoch))) out.push(decode(pendingInMessageCodec, v));
  return out;
}

/** Drop the UED inbox of `epoch`. */
export async function dropInbox(kv: KvState, epoch: bigint): Promise<void> {
  const keys: Uint8Array[] = [];
  for await (const [k] of kv.entries(inboxPrefix(epoch))) keys.push(k);
  for (const k of keys) kv.delete(k);
}

/** Number of messages queued for a runtime. */
export function queueLength(kv: KvRead, runtime: Uint8Array): Promise<number> {
  return count(kv, queuePrefix(runtime));
}

/** Queue a message for a runtime under the next id; returns the queued message. */
export async function enqueue(
  kv: KvState,
  runtime: Uint8Array,
  m: Omit<IncomingMessage, 'id'>,
): Promise<IncomingMessage> {
  const raw = await kv.get(queueNextKey(runtime));
  if (raw !== null && raw.length !== 8) {
    throw new RoothashError(RoothashError.CORRUPT_STATE, 'stored next incoming message id');
  }
  const id = raw === null ? 0n : new DataView(raw.buffer, raw.byteOffset, 8).getBigUint64(0);
  const msg = { id, ...m };
  kv.set(queueKey(runtime, id), encodeWith(incomingMessageCodec, msg));
  kv.set(queueNextKey(runtime), u64be(id + 1n));
  return msg;
}

/** The first `limit` queued messages of a runtime (all when no limit), in id order. */
export async function readQueue(
  kv: KvRead,
  runtime: Uint8Array,
  limit = Infinity,
): Promise<IncomingMessage[]> {
  const out: IncomingMessage[] = [];
  for await (const [, v] of kv.entries(queuePrefix(runtime))) {
    if (out.length >= limit) break;
    out.push(decode(incomingMessageCodec, v));
  }
  return out;
}

/** Remove the given (consumed) messages from a runtime's queue. */
export function dequeue(kv: KvState, runtime: Uint8Array, msgs: readonly IncomingMessage[]): void {
  for (const m of msgs) kv.delete(queueKey(runtime, m.id));
}
