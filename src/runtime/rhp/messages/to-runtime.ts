/**
 * Bodies of requests the host sends to the runtime (`Runtime…`) and of the runtime's answers
 * (spec/oasis.md §9): handshake, transaction checks and queries. Ping, shutdown and abort carry
 * empty bodies; batch execution is in `execute.ts`.
 */
import {
  array,
  bytes,
  bytes32,
  type Codec,
  optional,
  raw,
  struct,
  text,
  textMap,
  u32,
  u64,
  withDefault,
} from '../../../common/index.js';
import {
  type Block,
  blockCodec,
  blockHeaderCodec,
  type ErrorBody,
  errorBodyCodec,
  type LightBlock,
  lightBlockCodec,
  MAX_BATCH_ITEMS,
  txBytes,
  type Version,
  versionCodec,
} from './common.js';

/** Handshake request: who the runtime is and which consensus it runs under. */
export interface RuntimeInfoRequest {
  runtime_id: Uint8Array;
  consensus_backend: string;
  consensus_protocol_version: Version;
  consensus_chain_context: string;
  local_config?: Record<string, unknown>;
}
/** Codec of {@link RuntimeInfoRequest}. */
export const runtimeInfoRequestCodec: Codec<RuntimeInfoRequest> = struct(
  {
    runtime_id: bytes32,
    consensus_backend: text(64),
    consensus_protocol_version: versionCodec,
    consensus_chain_context: text(256),
    local_config: optional(textMap(raw, 256)),
  },
  'RuntimeInfoRequest',
);

/** Optional runtime features announced in the handshake. */
export interface Features {
  schedule_control?: { initial_batch_size: number };
}
const featuresCodec: Codec<Features> = struct(
  { schedule_control: optional(struct({ initial_batch_size: u32 }, 'FeatureScheduleControl')) },
  'Features',
);

/** Handshake answer: the RHP version the runtime speaks and its own version. */
export interface RuntimeInfoResponse {
  protocol_version: Version;
  runtime_version: Version;
  features?: Features;
}
/** Codec of {@link RuntimeInfoResponse}. */
export const runtimeInfoResponseCodec: Codec<RuntimeInfoResponse> = struct(
  { protocol_version: versionCodec, runtime_version: versionCodec, features: optional(featuresCodec) },
  'RuntimeInfoResponse',
);

/** Ordering hints a runtime attaches to a checked transaction. */
export interface CheckTxMetadata {
  priority: bigint;
  sender: Uint8Array;
  sender_seq: bigint;
  sender_state_seq: bigint;
}
/** Result of checking one transaction; `error.code` 0 means accepted. */
export interface CheckTxResult {
  error: ErrorBody;
  meta?: CheckTxMetadata;
}
const checkTxResultCodec: Codec<CheckTxResult> = struct(
  {
    error: errorBodyCodec,
    meta: optional(
      struct(
        {
          priority: withDefault(u64, 0n),
          sender: withDefault(bytes({ max: 1024 }), new Uint8Array(0)),
          sender_seq: withDefault(u64, 0n),
          sender_state_seq: withDefault(u64, 0n),
        },
        'CheckTxMetadata',
      ),
    ),
  },
  'CheckTxResult',
);

/** Check transactions against the state at `block` before they enter the pool. */
export interface RuntimeCheckTxBatchRequest {
  consensus_block: LightBlock;
  inputs: Uint8Array[];
  block: Block;
  epoch: bigint;
  max_messages: number;
}
/** Codec of {@link RuntimeCheckTxBatchRequest}. */
export const runtimeCheckTxBatchRequestCodec: Codec<RuntimeCheckTxBatchRequest> = struct(
  {
    consensus_block: lightBlockCodec,
    inputs: array(txBytes, MAX_BATCH_ITEMS),
    block: blockCodec,
    epoch: u64,
    max_messages: u32,
  },
  'RuntimeCheckTxBatchRequest',
);
/** One result per input, in input order. */
export interface RuntimeCheckTxBatchResponse {
  results: CheckTxResult[];
}
/** Codec of {@link RuntimeCheckTxBatchResponse}. */
export const runtimeCheckTxBatchResponseCodec: Codec<RuntimeCheckTxBatchResponse> = struct(
  { results: array(checkTxResultCodec, MAX_BATCH_ITEMS) },
  'RuntimeCheckTxBatchResponse',
);

/** A read-only query against the runtime's state at `header`. */
export interface RuntimeQueryRequest {
  consensus_block: LightBlock;
  header: Block['header'];
  epoch: bigint;
  max_messages: number;
  method: string;
  args: Uint8Array;
}
/** Codec of {@link RuntimeQueryRequest}. */
export const runtimeQueryRequestCodec: Codec<RuntimeQueryRequest> = struct(
  {
    consensus_block: lightBlockCodec,
    header: blockHeaderCodec,
    epoch: u64,
    max_messages: u32,
    method: text(256),
    args: txBytes,
  },
  'RuntimeQueryRequest',
);
/** The query's result bytes. */
export interface RuntimeQueryResponse {
  data: Uint8Array;
}
/** Codec of {@link RuntimeQueryResponse}. */
export const runtimeQueryResponseCodec: Codec<RuntimeQueryResponse> = struct(
  { data: bytes() },
  'RuntimeQueryResponse',
);
