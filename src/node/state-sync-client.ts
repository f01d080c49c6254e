/**
 * The joining side's requests: a peer's checkpoint list, a checkpoint's record (checked against
 * the hash the list gave), chunk i of a tree, and decided blocks through block sync. Every answer
 * is decoded strictly; one that does not decode, or a record that does not match its hash, is
 * counted against the peer (`penalize`) before the error is thrown.
 */
import { bytesEqual } from '../common/index.js';
import { type Decided, decodeMessage, encodeMessage, MAX_MESSAGE_BYTES } from '../consensus/bft/index.js';
import type { StateChunk } from '../mkvs/index.js';
import { blockSyncProtocol, type Network, type Offence, stateSyncProtocol } from '../p2p/index.js';
import { NodeError } from './errors.js';
import {
  type CheckpointOffer,
  type CheckpointRecord,
  decodeStateSyncResponse,
  encodeStateSyncRequest,
  recordHash,
  STATE_SYNC_MAX_RESPONSE_BYTES,
  type StateSyncRequest,
  type StateSyncResponse,
} from './state-sync-wire.js';

/** Requests to state-sync and block-sync peers. */
export class StateSyncClient {
  constructor(
    private readonly net: Network,
    private readonly chainId: string,
    private readonly timeoutMs: number,
    /** Count an offence against a peer (the network's peer score). */
    readonly penalize: (peer: string, offence: Offence) => void,
  ) {}

  /** The checkpoints `peer` offers. */
  async offers(peer: string): Promise<CheckpointOffer[]> {
    const r = await this.ask(peer, { list: 0 });
    if (!('checkpoints' in r)) throw this.malformed(peer, 'not a checkpoint list');
    return r.checkpoints;
  }

  /** The record of `offer`, checked against the listed hash. */
  async record(peer: string, offer: CheckpointOffer): Promise<CheckpointRecord> {
    const r = await this.ask(peer, { record: offer.height });
    if (!('record' in r)) throw this.malformed(peer, 'not a checkpoint record');
    if (!bytesEqual(recordHash(r.record), offer.record_hash)) {
      throw this.malformed(peer, 'checkpoint record does not match its listed hash');
    }
    return r.record;
  }

  /** Chunk `index` of tree `tree` (0 VED, 1 UED) of the checkpoint at `height`. */
  async chunk(peer: string, height: bigint, tree: number, index: number): Promise<StateChunk> {
    const r = await this.ask(peer, { chunk: { height, tree, index } });
    if (!('chunk' in r)) throw this.malformed(peer, 'not a chunk');
    return r.chunk;
  }

  /** Decided blocks `from..to` through block sync (the peer may send fewer). */
  async blocks(peer: string, from: bigint, to: bigint): Promise<Decided[]> {
    const raw = await this.net.request(
      peer,
      blockSyncProtocol(this.chainId),
      encodeMessage({ sync_request: { from, to } }),
      this.timeoutMs,
      { maxResponseBytes: MAX_MESSAGE_BYTES },
    );
    let m: ReturnType<typeof decodeMessage>;
    try {
      m = decodeMessage(raw);
    } catch {
      throw this.malformed(peer, 'undecodable block-sync response');
    }
    if (!('sync_response' in m)) throw this.malformed(peer, 'not a block-sync response');
    return m.sync_response;
  }

  private async ask(peer: string, req: StateSyncRequest): Promise<StateSyncResponse> {
    const raw = await this.net.request(
      peer,
      stateSyncProtocol(this.chainId),
      encodeStateSyncRequest(req),
      this.timeoutMs,
      { maxResponseBytes: STATE_SYNC_MAX_RESPONSE_BYTES },
    );
    try {
      return decodeStateSyncResponse(raw);
    } catch (e) {
      this.penalize(peer, 'malformed');
      throw e;
    }
  }

  private malformed(peer: string, why: string): NodeError {
    this.penalize(peer, 'malformed');
    return new NodeError(NodeError.STATE_SYNC_UNTRUSTED, why, { peer });
  }
}
