/**
 * Bodies of requests the runtime sends to the host (`Host…`) and of the host's answers
 * (spec/oasis.md §9): storage sync against runtime or consensus state, consensus blocks, and the
 * untrusted per-instance local storage.
 */
import {
  bytes,
  CborError,
  type Codec,
  struct,
  u8,
  u64,
  type VariantOf,
  variant,
} from '../../../common/index.js';
import {
  type GetPrefixesRequest,
  type GetRequest,
  getPrefixesRequestCodec,
  getRequestCodec,
  type IterateRequest,
  iterateRequestCodec,
  type ProofResponse,
  proofResponseCodec,
} from '../../../mkvs/index.js';
import { type LightBlock, lightBlockCodec } from './common.js';

/** Which state a storage sync request reads. */
export const StorageEndpoint = { RuntimeState: 0, ConsensusState: 1 } as const;
/** A storage sync endpoint number. */
export type StorageEndpoint = (typeof StorageEndpoint)[keyof typeof StorageEndpoint];

const syncVariant = variant(
  { SyncGet: getRequestCodec, SyncGetPrefixes: getPrefixesRequestCodec, SyncIterate: iterateRequestCodec },
  'StorageSyncRequest',
);
/** One of the read-syncer requests (mkvs), as an RHP variant. */
export type StorageSyncRequest = VariantOf<{
  SyncGet: Codec<GetRequest>;
  SyncGetPrefixes: Codec<GetPrefixesRequest>;
  SyncIterate: Codec<IterateRequest>;
}>;
/** A read-syncer request plus the endpoint it targets; on the wire the variant sits beside `endpoint`. */
export type HostStorageSyncRequest = { endpoint: StorageEndpoint } & StorageSyncRequest;

function checkEndpoint(v: unknown, path: string): StorageEndpoint {
  const n = u8.fromCbor(v, `${path}.endpoint`);
  if (n !== StorageEndpoint.RuntimeState && n !== StorageEndpoint.ConsensusState) {
    throw new CborError(CborError.SCHEMA, `${path}.endpoint: unknown storage endpoint ${n}`);
  }
  return n;
}

function splitEndpoint(v: unknown, path: string): [StorageEndpoint, Record<string, unknown>] {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
    throw new CborError(CborError.SCHEMA, `${path}: expected HostStorageSyncRequest map`);
  }
  const { endpoint, ...rest } = v as Record<string, unknown>;
  return [checkEndpoint(endpoint, path), rest];
}

/** Codec of {@link HostStorageSyncRequest}. */
export const hostStorageSyncRequestCodec: Codec<HostStorageSyncRequest> = {
  name: 'HostStorageSyncRequest',
  toCbor(v, path) {
    const [endpoint, rest] = splitEndpoint(v, path);
    return { endpoint, ...(syncVariant.toCbor(rest as StorageSyncRequest, path) as object) };
  },
  fromCbor(r, path) {
    const [endpoint, rest] = splitEndpoint(r, path);
    return { endpoint, ...syncVariant.fromCbor(rest, path) } as HostStorageSyncRequest;
  },
};
/** The answer to a storage sync request: an MKVS proof. */
export type HostStorageSyncResponse = ProofResponse;
/** Codec of {@link HostStorageSyncResponse}. */
export const hostStorageSyncResponseCodec: Codec<HostStorageSyncResponse> = proofResponseCodec;

/** Ask the host for the consensus light block at a height. */
export interface HostFetchConsensusBlockRequest {
  height: bigint;
}
/** Codec of {@link HostFetchConsensusBlockRequest}. */
export const hostFetchConsensusBlockRequestCodec: Codec<HostFetchConsensusBlockRequest> = struct(
  { height: u64 },
  'HostFetchConsensusBlockRequest',
);
/** The consensus light block asked for. */
export interface HostFetchConsensusBlockResponse {
  block: LightBlock;
}
/** Codec of {@link HostFetchConsensusBlockResponse}. */
export const hostFetchConsensusBlockResponseCodec: Codec<HostFetchConsensusBlockResponse> = struct(
  { block: lightBlockCodec },
  'HostFetchConsensusBlockResponse',
);

/** Bounds of the local (untrusted, per-instance) storage. */
export const MAX_LOCAL_KEY = 64 * 1024;
/** Largest local storage value. */
export const MAX_LOCAL_VALUE = 1024 * 1024;
const localKey = bytes({ max: MAX_LOCAL_KEY });
const localValue = bytes({ max: MAX_LOCAL_VALUE });

/** Read a key of the runtime's untrusted local storage. */
export interface HostLocalStorageGetRequest {
  key: Uint8Array;
}
/** Codec of {@link HostLocalStorageGetRequest}. */
export const hostLocalStorageGetRequestCodec: Codec<HostLocalStorageGetRequest> = struct(
  { key: localKey },
  'HostLocalStorageGetRequest',
);
/** The stored value (empty when absent). */
export interface HostLocalStorageGetResponse {
  value: Uint8Array;
}
/** Codec of {@link HostLocalStorageGetResponse}. */
export const hostLocalStorageGetResponseCodec: Codec<HostLocalStorageGetResponse> = struct(
  { value: localValue },
  'HostLocalStorageGetResponse',
);
/** Write a key of the runtime's untrusted local storage. */
export interface HostLocalStorageSetRequest {
  key: Uint8Array;
  value: Uint8Array;
}
/** Codec of {@link HostLocalStorageSetRequest}. */
export const hostLocalStorageSetRequestCodec: Codec<HostLocalStorageSetRequest> = struct(
  { key: localKey, value: localValue },
  'HostLocalStorageSetRequest',
);
