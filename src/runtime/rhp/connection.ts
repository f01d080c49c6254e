/**
 * One RHP connection over a byte stream, usable by either side. Requests and responses are
 * multiplexed in both directions; incoming requests go to a registered handler. Any protocol
 * violation closes the connection, reports one {@link RhpError} to the close listeners and fails
 * every pending call; nothing is ever thrown out of the stream's event handlers.
 */
import type { Duplex } from 'node:stream';
import { toWireError, type WireError } from '../../common/index.js';
import { RhpError } from './errors.js';
import { encodeFrame, FrameReader, MAX_FRAME_SIZE } from './frame.js';
import { decodeMessage, encodeMessage, type Message, MessageType } from './message.js';
import {
  acceptsRequest,
  type Body,
  type BodyKind,
  type BodyOf,
  bodyKind,
  isRequestKind,
  type RequestKind,
  type ResponseKind,
  responseKindOf,
} from './messages/body.js';
import { PendingCalls } from './pending.js';
import { realTimers, type Timers } from './timers.js';

/** Lifecycle of a connection (spec/oasis.md §9). */
export type ConnectionState = 'uninitialized' | 'initializing' | 'ready' | 'closed';
/** Which end of the protocol this connection is. */
export type Role = 'host' | 'runtime';
/** Answers an incoming request; a thrown error is sent back as an `Error` body. */
export type RequestHandler = (body: Body) => Promise<Body> | Body;
/** Called once when the connection closes; `err` is set for violations and stream failures. */
export type CloseListener = (err: RhpError | undefined) => void;

/** Options of a {@link Connection}. */
export interface ConnectionOptions {
  readonly role: Role;
  readonly maxFrameSize?: number;
  readonly timers?: Timers;
  readonly handler?: RequestHandler;
}

/** Options of one call. */
export interface CallOptions {
  /** Fail with {@link RhpError.TIMEOUT} if no answer arrives in time (default: wait forever). */
  readonly timeoutMs?: number;
  /** Use this request id (must not be in flight); default: the next id of a counter. */
  readonly id?: bigint;
}

/** An RHP connection (see the module comment). */
export class Connection {
  private st: ConnectionState = 'uninitialized';
  private err: RhpError | undefined;
  private readonly reader: FrameReader;
  private readonly pending: PendingCalls;
  private readonly incoming = new Set<bigint>();
  private readonly listeners: CloseListener[] = [];
  private handler: RequestHandler | undefined;
  private nextId = 1n;
  readonly role: Role;
  private readonly maxFrame: number;

  constructor(
    private readonly stream: Duplex,
    opts: ConnectionOptions,
  ) {
    this.role = opts.role;
    this.maxFrame = opts.maxFrameSize ?? MAX_FRAME_SIZE;
    this.reader = new FrameReader(this.maxFrame);
    this.pending = new PendingCalls(opts.timers ?? realTimers);
    this.handler = opts.handler;
    stream.on('data', (chunk: Uint8Array) => this.onData(chunk));
    stream.on('end', () => this.onEnd());
    stream.on('error', (e: Error) => this.close(new RhpError(RhpError.STREAM, `stream: ${e.message}`)));
    stream.on('close', () => this.close());
  }

  /** Current state. */
  get state(): ConnectionState {
    return this.st;
  }

  /** The error the connection closed with, if any. */
  get closeError(): RhpError | undefined {
    return this.err;
  }

  /** Register the handler of incoming requests (replaces any previous one). */
  setHandler(h: RequestHandler): void {
    this.handler = h;
  }

  /** Listen for the close (called at once if already closed). Listener errors are ignored. */
  onClose(cb: CloseListener): void {
    if (this.st === 'closed') safeCall(cb, this.err);
    else this.listeners.push(cb);
  }

  /** Move between the pre-ready states; used by the handshake of either side. */
  setState(s: Exclude<ConnectionState, 'closed'>): void {
    if (this.st !== 'closed') this.st = s;
  }

  /** Send a request; resolves with the response body, or rejects (an `Error` body → REMOTE_ERROR). */
  call(body: Body, opts: CallOptions = {}): Promise<Body> {
    const kind = bodyKind(body);
    if (this.st === 'closed') return Promise.reject(this.closedError());
    if (!isRequestKind(kind) || acceptsRequest(this.role, kind)) {
      return Promise.reject(
        new RhpError(RhpError.UNKNOWN_VARIANT, `${kind} is not a request ${this.role}s send`),
      );
    }
    if (this.st !== 'ready' && kind !== 'RuntimeInfoRequest') {
      return Promise.reject(new RhpError(RhpError.NOT_READY, `${kind} before the handshake (${this.st})`));
    }
    if (opts.id !== undefined && this.pending.has(opts.id)) {
      return Promise.reject(new RhpError(RhpError.ID_IN_USE, `request id ${opts.id} in flight`));
    }
    const id = opts.id ?? this.freshId();
    let frame: Uint8Array;
    try {
      frame = encodeFrame(encodeMessage({ id, message_type: MessageType.Request, body }), this.maxFrame);
    } catch (e) {
      return Promise.reject(e);
    }
    const answer = this.pending.add(id, responseKindOf(kind), opts.timeoutMs);
    this.write(frame);
    return answer;
  }

  /** Typed form of {@link call}: send request `kind` and get its response's value. */
  async request<K extends RequestKind>(
    kind: K,
    value: BodyOf<K>,
    opts: CallOptions = {},
  ): Promise<BodyOf<ResponseKind<K>>> {
    const res = (await this.call({ [kind]: value } as unknown as Body, opts)) as Record<string, unknown>;
    return res[responseKindOf(kind)] as BodyOf<ResponseKind<K>>;
  }

  /** Close the connection (idempotent); pending calls fail with `err` or CLOSED. */
  close(err?: RhpError): void {
    if (this.st === 'closed') return;
    this.st = 'closed';
    this.err = err;
    this.pending.failAll(() => err ?? this.closedError());
    this.stream.destroy();
    for (const cb of this.listeners.splice(0)) safeCall(cb, err);
  }

  /** The next counter id not taken by a caller-chosen id still in flight. */
  private freshId(): bigint {
    while (this.pending.has(this.nextId)) this.nextId++;
    return this.nextId++;
  }

  /** A method, so that narrowing of `st` does not survive calls that may close. */
  private isClosed(): boolean {
    return this.st === 'closed';
  }

  private closedError(): RhpError {
    const why = this.err ? `: ${this.err.message}` : '';
    return new RhpError(RhpError.CLOSED, `connection closed${why}`, { cause: this.err?.code });
  }

  private write(frame: Uint8Array): void {
    try {
      if (!this.stream.destroyed) this.stream.write(frame);
    } catch (e) {
      this.close(new RhpError(RhpError.STREAM, `write: ${(e as Error).message}`));
    }
  }

  private onData(chunk: Uint8Array): void {
    if (this.st === 'closed') return;
    try {
      for (const frame of this.reader.push(chunk)) {
        this.onMessage(decodeMessage(frame, this.maxFrame, true));
        if (this.isClosed()) return;
      }
    } catch (e) {
      this.close(asRhpError(e));
    }
  }

  private onEnd(): void {
    if (this.st === 'closed') return;
    try {
      this.reader.finish();
      this.close();
    } catch (e) {
      this.close(asRhpError(e));
    }
  }

  private onMessage(m: Message): void {
    const kind = bodyKind(m.body);
    if (m.message_type === MessageType.Response) {
      this.onResponse(m.id, kind, m.body);
      return;
    }
    if (!isRequestKind(kind) || !acceptsRequest(this.role, kind)) {
      throw new RhpError(RhpError.UNKNOWN_VARIANT, `a ${this.role} does not accept ${kind}`);
    }
    if (this.incoming.has(m.id)) {
      throw new RhpError(RhpError.DUPLICATE_REQUEST_ID, `request id ${m.id} is already in flight`);
    }
    this.incoming.add(m.id);
    void this.serve(m.id, kind, m.body);
  }

  private onResponse(id: bigint, kind: BodyKind, body: Body): void {
    if (this.pending.mismatched(id, kind)) {
      throw new RhpError(RhpError.UNEXPECTED_RESPONSE, `${kind} does not answer request ${id}`);
    }
    if (!this.pending.settle(id, kind, body)) {
      throw new RhpError(RhpError.UNKNOWN_RESPONSE_ID, `response to unknown request id ${id}`);
    }
  }

  /** Run the handler for one request and send its answer (or an `Error` body). */
  private async serve(id: bigint, kind: RequestKind, body: Body): Promise<void> {
    let answer: Body;
    const handshake = kind === 'RuntimeInfoRequest';
    try {
      if (handshake && this.st !== 'uninitialized') {
        throw new RhpError(RhpError.NOT_READY, `handshake repeated (${this.st})`);
      }
      if (!handshake && this.st !== 'ready')
        throw new RhpError(RhpError.NOT_READY, `${kind} before the handshake`);
      if (!this.handler) throw new RhpError(RhpError.NO_HANDLER, `no handler for ${kind}`);
      if (handshake) this.st = 'initializing';
      answer = await this.handler(body);
      const got = bodyKind(answer);
      if (got !== responseKindOf(kind) && got !== 'Error') {
        throw new RhpError(RhpError.ENCODE, `handler answered ${kind} with ${got}`);
      }
      if (handshake) this.setState(got === 'Error' ? 'uninitialized' : 'ready');
    } catch (e) {
      if (handshake) this.setState('uninitialized');
      answer = { Error: boundedWire(toWireError(e)) };
    }
    this.incoming.delete(id);
    if (this.isClosed()) return;
    this.respond(id, answer);
  }

  private respond(id: bigint, body: Body): void {
    let frame: Uint8Array;
    try {
      frame = encodeFrame(encodeMessage({ id, message_type: MessageType.Response, body }), this.maxFrame);
    } catch (e) {
      const err = boundedWire(toWireError(e));
      frame = encodeFrame(encodeMessage({ id, message_type: MessageType.Response, body: { Error: err } }));
    }
    this.write(frame);
  }
}

function asRhpError(e: unknown): RhpError {
  if (e instanceof RhpError) return e;
  return new RhpError(RhpError.MALFORMED_MESSAGE, `unexpected: ${(e as Error)?.message ?? String(e)}`);
}

function boundedWire(w: WireError): WireError {
  return { module: w.module.slice(0, 256), code: w.code >>> 0, message: w.message.slice(0, 64 * 1024) };
}

function safeCall(cb: CloseListener, err: RhpError | undefined): void {
  try {
    cb(err);
  } catch {
    // A listener's failure is its own; it must not break the connection's stream handling.
  }
}
