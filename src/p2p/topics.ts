/**
 * Names of gossip topics and request/response protocols. Every name carries the chain id (so two
 * chains never mix messages on one connection) and a version (so a format change gets a new name).
 */
import { P2pError } from './errors.js';

const CHAIN_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;
const RUNTIME_ID_RE = /^[0-9a-f]{64}$/;

function chain(chainId: string): string {
  if (!CHAIN_ID_RE.test(chainId)) {
    throw new P2pError(P2pError.INVALID_CONFIG, 'chain id unusable in a topic name', { chainId });
  }
  return `/tandem/${chainId}`;
}

/**
 * Gossip of transactions (open to unregistered peers). Version 2: each message is a batch (a CBOR
 * array of signed transactions, src/node/tx-batch.ts); version 1 carried one transaction.
 */
export function txTopic(chainId: string): string {
  return `${chain(chainId)}/tx/2`;
}

/** Gossip of BFT proposals and votes (registered peers only). */
export function consensusTopic(chainId: string): string {
  return `${chain(chainId)}/consensus/1`;
}

/** Gossip of a runtime's transaction batches; `runtimeId` is the 32-byte id in lower-case hex. */
export function runtimeBatchTopic(chainId: string, runtimeId: string): string {
  if (!RUNTIME_ID_RE.test(runtimeId)) {
    throw new P2pError(P2pError.INVALID_CONFIG, 'runtime id must be 64 lower-case hex digits');
  }
  return `${chain(chainId)}/runtime/${runtimeId}/batch/1`;
}

/** Request/response: decided blocks with their commits. */
export function blockSyncProtocol(chainId: string): string {
  return `${chain(chainId)}/blocksync/1`;
}

/** Request/response: MKVS state with proofs. */
export function stateSyncProtocol(chainId: string): string {
  return `${chain(chainId)}/statesync/1`;
}

/** One-way BFT messages to one peer (the driver's `send`), acknowledged by an empty frame. */
export function bftDirectProtocol(chainId: string): string {
  return `${chain(chainId)}/bft/1`;
}

/** Direct push of a topic's messages to directly connected peers (push.ts). */
export function pushProtocol(topic: string): string {
  return `${topic}/push/1`;
}
