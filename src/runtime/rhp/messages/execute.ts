/**
 * Batch execution bodies (spec/oasis.md §9, §3.2): the host hands the runtime a batch on top of
 * a block; the runtime returns the computed batch (results header, IO and state write logs,
 * emitted messages) and which transactions it included or rejected.
 */
import {
  array,
  bytes,
  bytes32,
  bytes64,
  type Codec,
  optional,
  quantity,
  raw,
  struct,
  text,
  u8,
  u32,
  u64,
  withDefault,
} from '../../../common/index.js';
import { type WriteLog, writeLogCodec } from '../../../mkvs/index.js';
import {
  type Block,
  blockCodec,
  type ComputeResultsHeader,
  computeResultsHeaderCodec,
  type LightBlock,
  lightBlockCodec,
  MAX_BATCH_ITEMS,
  txBytes,
} from './common.js';

/** An array field Go omits when empty; decodes an absent field as `[]`. */
export function listOr<T>(c: Codec<T>, max = MAX_BATCH_ITEMS) {
  return withDefault<T[]>(array(c, max), [], (v) => v.length === 0);
}

/** Outcome of one runtime message executed by consensus in the previous round. */
export interface MessageEvent {
  module: string;
  code: number;
  index: number;
  result?: unknown;
}
/** What consensus reports back about the previous round. */
export interface RoundResults {
  messages: MessageEvent[];
  good_compute_entities: Uint8Array[];
  bad_compute_entities: Uint8Array[];
}
const roundResultsCodec: Codec<RoundResults> = struct(
  {
    messages: listOr(
      struct(
        {
          module: withDefault(text(256), ''),
          code: withDefault(u32, 0),
          index: u32,
          result: optional(raw),
        },
        'MessageEvent',
      ),
    ),
    good_compute_entities: listOr(bytes32),
    bad_compute_entities: listOr(bytes32),
  },
  'RoundResults',
);

/** A message queued for the runtime by consensus (ADR 0011). */
export interface IncomingMessage {
  id: bigint;
  caller: Uint8Array;
  tag: bigint;
  fee: bigint;
  tokens: bigint;
  data: Uint8Array;
}
/** Codec of {@link IncomingMessage}. */
export const incomingMessageCodec: Codec<IncomingMessage> = struct(
  {
    id: u64,
    caller: bytes({ len: 21 }),
    tag: withDefault(u64, 0n),
    fee: withDefault(quantity, 0n),
    tokens: withDefault(quantity, 0n),
    data: withDefault(txBytes, new Uint8Array(0)),
  },
  'IncomingMessage',
);

/** Execute (mode 0) or schedule-and-execute (mode 1) one batch on top of `block`. */
export interface RuntimeExecuteTxBatchRequest {
  mode: number;
  consensus_block: LightBlock;
  round_results: RoundResults;
  io_root: Uint8Array;
  inputs: Uint8Array[];
  in_msgs: IncomingMessage[];
  block: Block;
  epoch: bigint;
  max_messages: number;
}
/** Codec of {@link RuntimeExecuteTxBatchRequest}. */
export const runtimeExecuteTxBatchRequestCodec: Codec<RuntimeExecuteTxBatchRequest> = struct(
  {
    mode: withDefault(u8, 0),
    consensus_block: lightBlockCodec,
    round_results: roundResultsCodec,
    io_root: bytes32,
    inputs: listOr(txBytes),
    in_msgs: listOr(incomingMessageCodec),
    block: blockCodec,
    epoch: u64,
    max_messages: u32,
  },
  'RuntimeExecuteTxBatchRequest',
);

/** The computed batch: results header, both write logs, emitted runtime messages. */
export interface ComputedBatch {
  header: ComputeResultsHeader;
  io_write_log: WriteLog;
  state_write_log: WriteLog;
  rak_sig?: Uint8Array;
  /** Runtime messages (spec/oasis.md §8), decoded by their consumer. */
  messages: unknown[];
}
/** The runtime's answer to a batch: the computed batch and which inputs it took or rejected. */
export interface RuntimeExecuteTxBatchResponse {
  batch: ComputedBatch;
  tx_hashes: Uint8Array[];
  tx_reject_hashes: Uint8Array[];
  tx_input_root?: Uint8Array;
  tx_input_write_log: WriteLog;
}
const writeLog = writeLogCodec();
/** Codec of {@link RuntimeExecuteTxBatchResponse}. */
export const runtimeExecuteTxBatchResponseCodec: Codec<RuntimeExecuteTxBatchResponse> = struct(
  {
    batch: struct(
      {
        header: computeResultsHeaderCodec,
        io_write_log: writeLog,
        state_write_log: writeLog,
        rak_sig: optional(bytes64),
        messages: listOr(raw),
      },
      'ComputedBatch',
    ),
    tx_hashes: listOr(bytes32),
    tx_reject_hashes: listOr(bytes32),
    tx_input_root: optional(bytes32),
    tx_input_write_log: withDefault(writeLog, [], (v) => v.length === 0),
  },
  'RuntimeExecuteTxBatchResponse',
);
