/**
 * Incoming runtime messages (spec/oasis.md §8, ADR 0011), across Tandem's domains: a UED
 * transaction `roothash.SubmitMsg` pays the fee and tokens into the runtime's account and puts the
 * message in the UED's inbox of the epoch; the UED hands the epoch's inbox to the VED at the next
 * epoch start (with its stake snapshot, APE-6), where roothash queues each message per runtime
 * (or refunds it through the outbox); the runtime consumes a prefix of its queue and commits
 * `in_msgs_count` and `in_msgs_hash`, which finalization checks.
 */
import {
  ADDRESS_SIZE,
  array,
  bytes,
  bytes32,
  hashCanonicalList,
  type Infer,
  quantity,
  struct,
  u64,
  withDefault,
} from '../../../common/index.js';

/** `roothash.SubmitMsg {id, tag?, fee?, tokens?, data?}` (UED). */
export const METHOD_SUBMIT_MSG = 'roothash.SubmitMsg';
/** Gas of `roothash.SubmitMsg` (Oasis `submit_msg`). */
export const SUBMIT_MSG_GAS = 1000n;
/** Largest `data` of an incoming message. */
export const MAX_IN_MSG_DATA = 1024;
/** Most incoming messages the UED accepts in one epoch (all runtimes together). */
export const MAX_INBOX_PER_EPOCH = 256;

const address = bytes({ len: ADDRESS_SIZE });
const data = withDefault(bytes({ max: MAX_IN_MSG_DATA }), new Uint8Array(0), (v) => v.length === 0);

/** Body of `roothash.SubmitMsg`. */
export const submitMsgBodyCodec = struct(
  {
    id: bytes32,
    tag: withDefault(u64, 0n),
    fee: withDefault(quantity, 0n),
    tokens: withDefault(quantity, 0n),
    data,
  },
  'SubmitMsg',
);
/** Body of `roothash.SubmitMsg`. */
export type SubmitMsgBody = Infer<typeof submitMsgBodyCodec>;

/** A message in the UED's inbox, not yet queued for its runtime. */
export const pendingInMessageCodec = struct(
  { runtime_id: bytes32, caller: address, tag: u64, fee: quantity, tokens: quantity, data },
  'PendingInMessage',
);
/** A message in the UED's inbox. */
export type PendingInMessage = Infer<typeof pendingInMessageCodec>;

/** An epoch's inbox as the UED hands it to the VED (pinned record `runtime-inbox`). */
export const inboxCodec = array(pendingInMessageCodec, MAX_INBOX_PER_EPOCH);

/** A queued incoming message, as the runtime receives it (Oasis `IncomingMessage`). */
export const incomingMessageCodec = struct(
  { id: u64, caller: address, tag: u64, fee: quantity, tokens: quantity, data },
  'IncomingMessage',
);
/** A queued incoming message. */
export type IncomingMessage = Infer<typeof incomingMessageCodec>;

/** Hash of consumed incoming messages: the empty hash for none, else H(CBOR(list)). */
export function inMessagesHash(msgs: readonly IncomingMessage[]): Uint8Array {
  return hashCanonicalList(msgs.map((m, i) => incomingMessageCodec.toCbor(m, `in_msgs[${i}]`)));
}
