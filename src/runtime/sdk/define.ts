/**
 * Declaring a runtime: an id, a name, a version, transaction methods (each with a body codec and
 * a handler), read-only queries and an optional handler of incoming consensus messages.
 *
 * Determinism (RT-15): every executor runs the same batch and must produce byte-identical results.
 * Handlers therefore see only their context: the sender, the round, the runtime state, and ways
 * to emit events and messages. They get no clock and no randomness, and must not use any
 * (`Date.now`, `Math.random`, timers, the network, the file system), nor iterate anything whose
 * order is not defined. A runtime that does anyway produces discrepancies: its executors'
 * commitments differ and the roothash service's discrepancy detection fails the round.
 */
import { type Codec, fromHex } from '../../common/index.js';
import type { IncomingMessage, Version } from '../rhp/index.js';
import { SdkError } from './errors.js';

/** Read access to the runtime's state (keys and values are bytes). */
export interface StateReader {
  get(key: Uint8Array): Promise<Uint8Array | null>;
}
/** Read and write access; writes of a failed handler are discarded. */
export interface StateAccess extends StateReader {
  insert(key: Uint8Array, value: Uint8Array): Promise<void>;
  remove(key: Uint8Array): Promise<void>;
}

/** What a transaction or message handler sees. */
export interface TxContext {
  /** Sender address (21 bytes): the signer's address, or the caller of an incoming message. */
  readonly sender: Uint8Array;
  /** The round being computed. */
  readonly round: bigint;
  /** The runtime's id. */
  readonly runtimeId: Uint8Array;
  readonly state: StateAccess;
  /** Record an event under `tag` (bytes or UTF-8 text); `value` is bytes or any CBOR value. */
  emit(tag: Uint8Array | string, value: unknown): void;
  /** Queue a runtime message for the consensus layer (spec/oasis.md §8). */
  sendMessage(msg: unknown): void;
}

/** What a query handler sees (read-only). */
export interface QueryContext {
  readonly round: bigint;
  readonly runtimeId: Uint8Array;
  readonly state: StateReader;
}

/** One transaction method: how its body decodes and what it does. */
export interface MethodDef<B = unknown> {
  readonly body: Codec<B>;
  /** Returns the method's output (any CBOR value; `undefined` becomes `null`). */
  handler(ctx: TxContext, body: B): Promise<unknown> | unknown;
}

/** A query: `args` is the decoded CBOR value of the request's arguments. */
export type QueryHandler = (ctx: QueryContext, args: unknown) => Promise<unknown> | unknown;

/** A whole runtime. */
export interface RuntimeDefinition {
  /** Runtime id, 64 hex digits (RT-3). */
  readonly id: string;
  readonly name: string;
  readonly version: Version;
  // biome-ignore lint/suspicious/noExplicitAny: each method has its own body type
  readonly methods: Readonly<Record<string, MethodDef<any>>>;
  readonly queries?: Readonly<Record<string, QueryHandler>>;
  /** Handles one incoming message from the consensus layer (deposits and the like). */
  onMessage?(ctx: TxContext, msg: IncomingMessage): Promise<void> | void;
  /** Largest accepted transaction in bytes (default {@link DEFAULT_MAX_TX_BYTES}). */
  readonly maxTxBytes?: number;
}

/** Typed helper for one method (infers the body type from its codec). */
export function method<B>(def: MethodDef<B>): MethodDef<B> {
  return def;
}

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

/** Validate and freeze a runtime definition. */
export function defineRuntime<D extends RuntimeDefinition>(def: D): D {
  const bad = (why: string): never => {
    throw new SdkError(SdkError.INVALID_DEFINITION, `runtime definition: ${why}`);
  };
  if (!/^[0-9a-f]{64}$/.test(def.id)) bad('id must be 64 lower-case hex digits');
  fromHex(def.id, 32);
  if (def.name.length === 0 || def.name.length > 128) bad('name must be 1..128 characters');
  for (const p of [def.version.major, def.version.minor, def.version.patch]) {
    if (!Number.isInteger(p) || p < 0 || p > 0xffff) bad('version parts must be u16');
  }
  for (const n of [...Object.keys(def.methods), ...Object.keys(def.queries ?? {})]) {
    if (!NAME.test(n)) bad(`invalid method or query name ${JSON.stringify(n)}`);
  }
  if (def.maxTxBytes !== undefined && !(def.maxTxBytes > 0 && def.maxTxBytes <= 4 * 1024 * 1024)) {
    bad('maxTxBytes must be in 1..4 MiB');
  }
  return Object.freeze(def);
}
