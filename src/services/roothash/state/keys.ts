/**
 * Every key roothash writes (VED), in one place. All start with the service prefix byte 0x48
 * (StatePrefix.roothash) and a record type byte:
 *
 * | key                                  | value                           |
 * |--------------------------------------|---------------------------------|
 * | 48 01 ‖ runtime(32)                  | runtime state (RuntimeState)    |
 * | 48 02 ‖ u64be(height) ‖ runtime(32)  | round timer (empty value)       |
 * | 48 03 ‖ runtime(32)                  | last round results              |
 * | 48 04 ‖ runtime(32)                  | "finalize at end of this block" |
 * | 48 05 ‖ u64be(epoch) ‖ u64be(height) ‖ u32be(seq) | outbox entry (OutboxEntry) |
 * | 48 06 ‖ evidence id(32)              | evidence acted on (empty value) |
 * | 48 07 ‖ u64be(epoch) ‖ u32be(seq)    | UED inbox entry (PendingInMessage) |
 * | 48 08 ‖ runtime(32) ‖ u64be(id)      | VED queued message (IncomingMessage) |
 * | 48 09 ‖ runtime(32)                  | VED next incoming message id (u64be) |
 * | 48 0a ‖ runtime(32)                  | VED and UED: message results of the latest round (MessageResults) |
 *
 * Timers keyed by big-endian height make "timers due at height h" one prefix scan.
 */

import { concatBytes, u64be } from '../../../common/index.js';
import { StatePrefix } from '../../../consensus/index.js';

/** The roothash's one-byte service prefix. */
export const ROOTHASH_PREFIX: number = StatePrefix.roothash;

const RUNTIME_STATE = 0x01;
const TIMER = 0x02;
const ROUND_RESULTS = 0x03;
const PENDING = 0x04;
const OUTBOX = 0x05;
const EVIDENCE = 0x06;
const INBOX = 0x07;
const QUEUE = 0x08;
const QUEUE_NEXT = 0x09;
const MESSAGE_RESULTS = 0x0a;

const fixed = (type: number): Uint8Array => Uint8Array.of(ROOTHASH_PREFIX, type);

/** Key of a runtime's state. */
export function runtimeStateKey(runtime: Uint8Array): Uint8Array {
  return concatBytes(fixed(RUNTIME_STATE), runtime);
}
/** Prefix of every runtime state (iteration in runtime-id order). */
export const runtimeStatePrefix: Uint8Array = fixed(RUNTIME_STATE);

/** Key of a runtime's round timer at `height`. */
export function timerKey(height: bigint, runtime: Uint8Array): Uint8Array {
  return concatBytes(fixed(TIMER), u64be(height), runtime);
}
/** Prefix of the timers due at `height`. */
export function timerPrefix(height: bigint): Uint8Array {
  return concatBytes(fixed(TIMER), u64be(height));
}

/** Key of a runtime's last normal round results. */
export function roundResultsKey(runtime: Uint8Array): Uint8Array {
  return concatBytes(fixed(ROUND_RESULTS), runtime);
}

/** Key marking a runtime for finalization at the end of the current block. */
export function pendingKey(runtime: Uint8Array): Uint8Array {
  return concatBytes(fixed(PENDING), runtime);
}
/** Prefix of the pending markers. */
export const pendingPrefix: Uint8Array = fixed(PENDING);

/** Prefix of the outbox entries of `epoch` (dropped two epochs later). */
export function outboxEpochPrefix(epoch: bigint): Uint8Array {
  return concatBytes(fixed(OUTBOX), u64be(epoch));
}
/** Prefix of the outbox entries written at `height` (of `epoch`), in write order. */
export function outboxHeightPrefix(epoch: bigint, height: bigint): Uint8Array {
  return concatBytes(outboxEpochPrefix(epoch), u64be(height));
}
/** Key of the `seq`-th outbox entry of a height. */
export function outboxKey(epoch: bigint, height: bigint, seq: number): Uint8Array {
  const s = new Uint8Array(4);
  new DataView(s.buffer).setUint32(0, seq);
  return concatBytes(outboxHeightPrefix(epoch, height), s);
}

/** Key recording an equivocation evidence id acted on. */
export function evidenceKey(id: Uint8Array): Uint8Array {
  return concatBytes(fixed(EVIDENCE), id);
}

/** Prefix of the UED inbox of `epoch`. */
export function inboxPrefix(epoch: bigint): Uint8Array {
  return concatBytes(fixed(INBOX), u64be(epoch));
}
/** Key of the `seq`-th UED inbox entry of `epoch`. */
export function inboxKey(epoch: bigint, seq: number): Uint8Array {
  const s = new Uint8Array(4);
  new DataView(s.buffer).setUint32(0, seq);
  return concatBytes(inboxPrefix(epoch), s);
}

/** Prefix of a runtime's queue of incoming messages (id order). */
export function queuePrefix(runtime: Uint8Array): Uint8Array {
  return concatBytes(fixed(QUEUE), runtime);
}
/** Key of a queued incoming message. */
export function queueKey(runtime: Uint8Array, id: bigint): Uint8Array {
  return concatBytes(queuePrefix(runtime), u64be(id));
}
/** Key of a runtime's next incoming message id. */
export function queueNextKey(runtime: Uint8Array): Uint8Array {
  return concatBytes(fixed(QUEUE_NEXT), runtime);
}

/** Key of a runtime's message results (in each domain executing runtime messages). */
export function messageResultsKey(runtime: Uint8Array): Uint8Array {
  return concatBytes(fixed(MESSAGE_RESULTS), runtime);
}
