/**
 * The body of every RHP message: a one-key map naming the variant. This module lists which
 * variants are requests in which direction and which response answers each request.
 */
import { type Codec, type Infer, type VariantOf, variant } from '../../../common/index.js';
import { emptyCodec, errorBodyCodec } from './common.js';
import { runtimeExecuteTxBatchRequestCodec, runtimeExecuteTxBatchResponseCodec } from './execute.js';
import {
  hostFetchConsensusBlockRequestCodec,
  hostFetchConsensusBlockResponseCodec,
  hostLocalStorageGetRequestCodec,
  hostLocalStorageGetResponseCodec,
  hostLocalStorageSetRequestCodec,
  hostStorageSyncRequestCodec,
  hostStorageSyncResponseCodec,
} from './to-host.js';
import {
  runtimeCheckTxBatchRequestCodec,
  runtimeCheckTxBatchResponseCodec,
  runtimeInfoRequestCodec,
  runtimeInfoResponseCodec,
  runtimeQueryRequestCodec,
  runtimeQueryResponseCodec,
} from './to-runtime.js';

/** Every body variant, by its Oasis name. */
export const BODY_CODECS = {
  Empty: emptyCodec,
  Error: errorBodyCodec,
  RuntimeInfoRequest: runtimeInfoRequestCodec,
  RuntimeInfoResponse: runtimeInfoResponseCodec,
  RuntimePingRequest: emptyCodec,
  RuntimeShutdownRequest: emptyCodec,
  RuntimeAbortRequest: emptyCodec,
  RuntimeAbortResponse: emptyCodec,
  RuntimeCheckTxBatchRequest: runtimeCheckTxBatchRequestCodec,
  RuntimeCheckTxBatchResponse: runtimeCheckTxBatchResponseCodec,
  RuntimeExecuteTxBatchRequest: runtimeExecuteTxBatchRequestCodec,
  RuntimeExecuteTxBatchResponse: runtimeExecuteTxBatchResponseCodec,
  RuntimeQueryRequest: runtimeQueryRequestCodec,
  RuntimeQueryResponse: runtimeQueryResponseCodec,
  HostStorageSyncRequest: hostStorageSyncRequestCodec,
  HostStorageSyncResponse: hostStorageSyncResponseCodec,
  HostFetchConsensusBlockRequest: hostFetchConsensusBlockRequestCodec,
  HostFetchConsensusBlockResponse: hostFetchConsensusBlockResponseCodec,
  HostLocalStorageGetRequest: hostLocalStorageGetRequestCodec,
  HostLocalStorageGetResponse: hostLocalStorageGetResponseCodec,
  HostLocalStorageSetRequest: hostLocalStorageSetRequestCodec,
  HostLocalStorageSetResponse: emptyCodec,
} as const satisfies Record<string, Codec<unknown>>;

/** Name of a body variant. */
export type BodyKind = keyof typeof BODY_CODECS;
/** The value carried by variant `K`. */
export type BodyOf<K extends BodyKind> = Infer<(typeof BODY_CODECS)[K]>;
/** A message body: exactly one variant. */
export type Body = VariantOf<typeof BODY_CODECS>;

/** Codec of {@link Body}. */
export const bodyCodec: Codec<Body> = variant(BODY_CODECS, 'Body');

/** Requests the host sends, each with the variant of its successful response. */
export const RUNTIME_REQUESTS = {
  RuntimeInfoRequest: 'RuntimeInfoResponse',
  RuntimePingRequest: 'Empty',
  RuntimeShutdownRequest: 'Empty',
  RuntimeAbortRequest: 'RuntimeAbortResponse',
  RuntimeCheckTxBatchRequest: 'RuntimeCheckTxBatchResponse',
  RuntimeExecuteTxBatchRequest: 'RuntimeExecuteTxBatchResponse',
  RuntimeQueryRequest: 'RuntimeQueryResponse',
} as const satisfies Partial<Record<BodyKind, BodyKind>>;

/** Requests the runtime sends, each with the variant of its successful response. */
export const HOST_REQUESTS = {
  HostStorageSyncRequest: 'HostStorageSyncResponse',
  HostFetchConsensusBlockRequest: 'HostFetchConsensusBlockResponse',
  HostLocalStorageGetRequest: 'HostLocalStorageGetResponse',
  HostLocalStorageSetRequest: 'HostLocalStorageSetResponse',
} as const satisfies Partial<Record<BodyKind, BodyKind>>;

/** A request variant of either direction. */
export type RequestKind = keyof typeof RUNTIME_REQUESTS | keyof typeof HOST_REQUESTS;
/** The response variant that answers request `K`. */
export type ResponseKind<K extends RequestKind> = K extends keyof typeof RUNTIME_REQUESTS
  ? (typeof RUNTIME_REQUESTS)[K]
  : K extends keyof typeof HOST_REQUESTS
    ? (typeof HOST_REQUESTS)[K]
    : never;

const RESPONSE_OF: Readonly<Record<string, BodyKind>> = { ...RUNTIME_REQUESTS, ...HOST_REQUESTS };

/** The only key of a body. */
export function bodyKind(b: Body): BodyKind {
  return Object.keys(b).find((k) => (b as Record<string, unknown>)[k] !== undefined) as BodyKind;
}

/** True for request variants (of either direction). */
export function isRequestKind(k: string): k is RequestKind {
  return Object.hasOwn(RESPONSE_OF, k);
}

/** The successful response variant of request `k`. */
export function responseKindOf(k: RequestKind): BodyKind {
  return RESPONSE_OF[k]!;
}

/** True when a side playing `role` may receive request `k` (the host receives `Host…`). */
export function acceptsRequest(role: 'host' | 'runtime', k: RequestKind): boolean {
  return role === 'host' ? Object.hasOwn(HOST_REQUESTS, k) : Object.hasOwn(RUNTIME_REQUESTS, k);
}
