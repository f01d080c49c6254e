/**
 * The state-sync protocol's frames (`stateSyncProtocol(chainId)`, one request and one response
 * per exchange): a list of the checkpoints a peer offers, the checkpoint's record (the app's resume
 * record, the driver's consensus state and the preimages of both domain hashes), and chunk i of
 * one of its two trees. Every frame is canonical CBOR, decoded strictly and bounded; a frame that
 * does not decode is a P2pError MALFORMED, which counts against the peer that sent it.
 */
import {
  array,
  bytes,
  bytes32,
  decodeWith,
  encodeWith,
  hash,
  struct,
  TandemError,
  u8,
  u32,
  u64,
  variant,
} from '../common/index.js';
import { MAX_APP_RECORD_BYTES } from '../domains/index.js';
import { MAX_CHUNK_WIRE_BYTES, type StateChunk, stateChunkCodec } from '../mkvs/index.js';
import { P2pError } from '../p2p/index.js';

/** Largest request frame (a small CBOR map). */
export const STATE_SYNC_MAX_REQUEST_BYTES = 64;
/** Largest response frame (a chunk with its proof, or a record). */
export const STATE_SYNC_MAX_RESPONSE_BYTES = MAX_CHUNK_WIRE_BYTES + 64 * 1024;
/** Most checkpoints one peer lists. */
export const MAX_OFFERS = 8;
const MAX_CONSENSUS_STATE_BYTES = 1 << 20;

/** The two trees of a checkpoint, by their number on the wire. */
export const TREE_IDS = { ved: 0, ued: 1 } as const;

/** A checkpoint as listed: its height, both roots, each tree's chunk count, its record's hash. */
export interface CheckpointOffer {
  height: bigint;
  ved_root: Uint8Array;
  ued_root: Uint8Array;
  ved_chunks: number;
  ued_chunks: number;
  record_hash: Uint8Array;
}

/** What a domain hash commits to besides the height and state root (docs/state.md). */
export interface HashPreimage {
  parent_hash: Uint8Array;
  receipts_root: Uint8Array;
  ved_set_hash: Uint8Array;
}

/** The non-tree part of a checkpoint. */
export interface CheckpointRecord {
  app_record: Uint8Array;
  consensus_state: Uint8Array;
  ved: HashPreimage;
  ued: HashPreimage;
}

const offerCodec = struct(
  {
    height: u64,
    ved_root: bytes32,
    ued_root: bytes32,
    ved_chunks: u32,
    ued_chunks: u32,
    record_hash: bytes32,
  },
  'CheckpointOffer',
);
const preimageCodec = struct(
  { parent_hash: bytes32, receipts_root: bytes32, ved_set_hash: bytes32 },
  'HashPreimage',
);
const recordCodec = struct(
  {
    app_record: bytes({ max: MAX_APP_RECORD_BYTES }),
    consensus_state: bytes({ max: MAX_CONSENSUS_STATE_BYTES }),
    ved: preimageCodec,
    ued: preimageCodec,
  },
  'CheckpointRecord',
);
const requestCodec = variant(
  { list: u8, record: u64, chunk: struct({ height: u64, tree: u8, index: u32 }, 'ChunkRequest') },
  'StateSyncRequest',
);
const responseCodec = variant(
  { checkpoints: array(offerCodec, MAX_OFFERS), record: recordCodec, chunk: stateChunkCodec },
  'StateSyncResponse',
);

/** A request. */
export type StateSyncRequest =
  | { list: number }
  | { record: bigint }
  | { chunk: { height: bigint; tree: number; index: number } };
/** A response. */
export type StateSyncResponse =
  | { checkpoints: CheckpointOffer[] }
  | { record: CheckpointRecord }
  | { chunk: StateChunk };

/** The hash a listing gives for a record. */
export function recordHash(r: CheckpointRecord): Uint8Array {
  return hash(encodeWith(recordCodec, r));
}

/** Largest checkpoint record (an app record, a consensus state and two preimages). */
export const MAX_RECORD_BYTES = STATE_SYNC_MAX_RESPONSE_BYTES;

/** Canonical bytes of a checkpoint record (as a node keeps it on disk). */
export function encodeCheckpointRecord(r: CheckpointRecord): Uint8Array {
  return encodeWith(recordCodec, r);
}

/** Strictly decode a checkpoint record read from disk (a coded `TandemError` otherwise). */
export function decodeCheckpointRecord(b: Uint8Array): CheckpointRecord {
  return decodeWith(recordCodec, b, { maxSize: MAX_RECORD_BYTES, maxDepth: 4 });
}

/** Canonical bytes of a request. */
export function encodeStateSyncRequest(r: StateSyncRequest): Uint8Array {
  return encodeWith(requestCodec, r as never);
}

/** Canonical bytes of a response. */
export function encodeStateSyncResponse(r: StateSyncResponse): Uint8Array {
  return encodeWith(responseCodec, r as never);
}

function strict<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new P2pError(P2pError.MALFORMED, `malformed state-sync ${what}: ${e.message}`);
  }
}

/** Strictly decode a request (P2pError MALFORMED otherwise). */
export function decodeStateSyncRequest(b: Uint8Array): StateSyncRequest {
  return strict('request', () =>
    decodeWith(requestCodec, b, { maxSize: STATE_SYNC_MAX_REQUEST_BYTES, maxDepth: 4 }),
  ) as StateSyncRequest;
}

/** Strictly decode a response (P2pError MALFORMED otherwise). */
export function decodeStateSyncResponse(b: Uint8Array): StateSyncResponse {
  return strict('response', () =>
    decodeWith(responseCodec, b, { maxSize: STATE_SYNC_MAX_RESPONSE_BYTES, maxDepth: 10 }),
  ) as StateSyncResponse;
}
