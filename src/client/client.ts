/**
 * The typed client of the Tandem API: calls go over HTTP, subscriptions over one WebSocket opened
 * on first use. Results are decoded strictly into bigint, Uint8Array and plain numbers; remote
 * errors are thrown as {@link ClientError} carrying the JSON-RPC code and the remote module/code.
 */
import {
  type AccountView,
  accountJ,
  arrayJ,
  type BlockView,
  blockJ,
  type CommitteesView,
  committeesJ,
  type EpochView,
  type ExecutionStatusView,
  epochJ,
  executionStatusJ,
  type JsonCodec,
  type NodeView,
  nodeJ,
  nullableJ,
  type RoundResultsView,
  type RuntimeBlockView,
  type RuntimeView,
  roundResultsJ,
  runtimeBlockJ,
  runtimeJ,
  type StatusView,
  type SubmitResult,
  statusJ,
  submitResultJ,
  type Topic,
  type TopicEvents,
  type TxView,
  topicJ,
  txJ,
  type ValidatorSetView,
  type VoteAccountView,
  validatorSetJ,
  voteAccountJ,
} from '../api/index.js';
import { addressToString, TandemError, toHex } from '../common/index.js';
import { ClientError } from './errors.js';
import { type BatchItem, httpBatch, httpCall } from './http-call.js';
import type { AddressInput, SubmitOptions, Subscription, TandemClientOptions } from './types.js';
import { WsSession } from './ws-session.js';

/** A client of one node's API. */
export class TandemClient {
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private ws: Promise<WsSession> | undefined;

  constructor(private readonly opts: TandemClientOptions) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxResponseBytes = opts.maxResponseBytes ?? 16 * 1024 * 1024;
  }

  /** Node status. */
  async status(): Promise<StatusView> {
    return this.call('status', {}, statusJ);
  }

  /** A block by height, or null. */
  async getBlock(height: number): Promise<BlockView | null> {
    return this.call('getBlock', { height }, nullableJ(blockJ));
  }

  /** A block by hash, or null. */
  async getBlockByHash(hash: Uint8Array): Promise<BlockView | null> {
    return this.call('getBlockByHash', { hash: toHex(hash) }, nullableJ(blockJ));
  }

  /** An included transaction, or null. */
  async getTx(hash: Uint8Array): Promise<TxView | null> {
    return this.call('getTx', { hash: toHex(hash) }, nullableJ(txJ));
  }

  /** Submit a transaction; optionally wait for inclusion or confirmed execution. */
  async submitTx(tx: Uint8Array, o: SubmitOptions = {}): Promise<SubmitResult> {
    return this.call('submitTx', submitParams(tx, o), submitResultJ, this.submitTimeout(o));
  }

  /**
   * Submit many transactions in one JSON-RPC batch (one HTTP request); the outcomes come back in
   * the order of `txs`, each the result or the error of that transaction alone. A batch larger than
   * the server's `max_batch`, or refused as a whole (body size, network), throws. Each transaction
   * counts as one call against the server's rate limit.
   */
  async submitTxs(txs: readonly Uint8Array[], o: SubmitOptions = {}): Promise<BatchItem<SubmitResult>[]> {
    const calls = txs.map((tx) => ({ method: 'submitTx', params: submitParams(tx, o) }));
    const opts = {
      url: this.opts.url,
      timeoutMs: this.submitTimeout(o),
      maxResponseBytes: this.maxResponseBytes,
    };
    const raw = await httpBatch(opts, calls);
    return raw.map((r): BatchItem<SubmitResult> => {
      if (!r.ok) return r;
      try {
        return { ok: true, value: submitResultJ.decode(r.value, 'submitTx') };
      } catch (err) {
        const msg = err instanceof TandemError ? err.message : 'undecodable result';
        return { ok: false, error: new ClientError(ClientError.BAD_RESPONSE, msg) };
      }
    });
  }

  /** Execution status at a stake threshold (the node's default when omitted). */
  async executionStatus(hash: Uint8Array, minStake?: bigint): Promise<ExecutionStatusView> {
    const params = {
      hash: toHex(hash),
      ...(minStake !== undefined ? { minStake: minStake.toString() } : {}),
    };
    return this.call('executionStatus', params, executionStatusJ);
  }

  /** An account (empty if absent). */
  async getAccount(address: AddressInput): Promise<AccountView> {
    return this.call('getAccount', { address: addressText(address) }, accountJ);
  }

  /** The validator set at a height (latest when omitted). */
  async getValidators(height?: number): Promise<ValidatorSetView> {
    return this.call('getValidators', height === undefined ? {} : { height }, validatorSetJ);
  }

  /** The current epoch. */
  async getEpoch(): Promise<EpochView> {
    return this.call('getEpoch', {}, epochJ);
  }

  /** A vote account, or null. */
  async getVoteAccount(address: AddressInput): Promise<VoteAccountView | null> {
    return this.call('getVoteAccount', { address: addressText(address) }, nullableJ(voteAccountJ));
  }

  /** Every runtime the node's registry or roothash knows, in id order. */
  async getRuntimes(): Promise<RuntimeView[]> {
    return this.call('getRuntimes', {}, arrayJ(runtimeJ));
  }

  /** A runtime's descriptor and chain; an unknown id throws (remote roothash UNKNOWN_RUNTIME). */
  async getRuntime(id: Uint8Array): Promise<RuntimeView> {
    return this.call('getRuntime', { id: toHex(id) }, runtimeJ);
  }

  /** A runtime's latest block, or the one of `round` if the node keeps it (else null). */
  async getRuntimeBlock(id: Uint8Array, round?: bigint): Promise<RuntimeBlockView | null> {
    const params = { id: toHex(id), ...(round !== undefined ? { round: round.toString() } : {}) };
    return this.call('getRuntimeBlock', params, nullableJ(runtimeBlockJ));
  }

  /** A runtime's committees at `epoch` (the current epoch when omitted). */
  async getCommittees(id: Uint8Array, epoch?: number): Promise<CommitteesView> {
    return this.call(
      'getCommittees',
      { id: toHex(id), ...(epoch !== undefined ? { epoch } : {}) },
      committeesJ,
    );
  }

  /** A registered node with its status, or null. */
  async getNode(id: Uint8Array): Promise<NodeView | null> {
    return this.call('getNode', { id: toHex(id) }, nullableJ(nodeJ));
  }

  /** A runtime's last normal round results, or null before its first normal round. */
  async getRoundResults(id: Uint8Array): Promise<RoundResultsView | null> {
    return this.call('getRoundResults', { id: toHex(id) }, nullableJ(roundResultsJ));
  }

  /** Subscribe to a topic over the WebSocket; `cb` gets decoded events (malformed ones are dropped). */
  async subscribe<K extends Topic>(topic: K, cb: (event: TopicEvents[K]) => void): Promise<Subscription> {
    const ws = await this.session();
    const id = await ws.call('subscribe', { topic });
    if (typeof id !== 'string')
      throw new ClientError(ClientError.BAD_RESPONSE, 'subscription id not a string');
    const codec = topicJ[topic] as JsonCodec<TopicEvents[K]>;
    ws.listen(id, (result) => {
      let event: TopicEvents[K];
      try {
        event = codec.decode(result, topic);
      } catch {
        return;
      }
      cb(event);
    });
    return {
      id,
      unsubscribe: async () => {
        ws.unlisten(id);
        if (!ws.closed) await ws.call('unsubscribe', { subscription: id });
      },
    };
  }

  /** A raw call over HTTP (no decoding). */
  rawCall(method: string, params?: unknown, timeoutMs = this.timeoutMs): Promise<unknown> {
    const o = { url: this.opts.url, timeoutMs, maxResponseBytes: this.maxResponseBytes };
    return httpCall(o, method, params);
  }

  /** Close the WebSocket, if open. */
  async close(): Promise<void> {
    const ws = this.ws;
    this.ws = undefined;
    if (ws) (await ws.catch(() => undefined))?.close();
  }

  private async call<T>(
    method: string,
    params: unknown,
    codec: JsonCodec<T>,
    timeoutMs?: number,
  ): Promise<T> {
    const raw = await this.rawCall(method, params, timeoutMs);
    try {
      return codec.decode(raw, method);
    } catch (err) {
      const msg = err instanceof TandemError ? err.message : 'undecodable result';
      throw new ClientError(ClientError.BAD_RESPONSE, msg);
    }
  }

  private submitTimeout(o: SubmitOptions): number {
    const waits = o.wait !== undefined && o.wait !== 'none';
    return this.timeoutMs + (waits ? (o.timeoutMs ?? this.timeoutMs) : 0);
  }

  private session(): Promise<WsSession> {
    const url = this.opts.wsUrl;
    if (!url) return Promise.reject(new ClientError(ClientError.INVALID_ARGUMENT, 'no wsUrl configured'));
    const current = this.ws;
    if (current) {
      return current.then(
        (s) => (s.closed ? this.reopen(url) : s),
        () => this.reopen(url),
      );
    }
    return this.reopen(url);
  }

  private reopen(url: string): Promise<WsSession> {
    this.ws = WsSession.open(url, this.timeoutMs, this.maxResponseBytes);
    return this.ws;
  }
}

function submitParams(tx: Uint8Array, o: SubmitOptions): Record<string, unknown> {
  return {
    tx: toHex(tx),
    ...(o.wait ? { wait: o.wait } : {}),
    ...(o.minStake !== undefined ? { minStake: o.minStake.toString() } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
  };
}

function addressText(a: AddressInput): string {
  if (typeof a === 'string') return a;
  try {
    return addressToString(a);
  } catch {
    throw new ClientError(ClientError.INVALID_ARGUMENT, 'address must be 21 bytes');
  }
}
