/**
 * A runtime host for trying runtimes on one machine, without consensus: it starts a bundle with a
 * {@link RuntimeHost} (sandboxed unless `unconfined`), keeps the runtime's state in a
 * {@link LocalState}, serves its storage sync requests with proofs, and drives CheckTxBatch,
 * ExecuteTxBatch (one block per batch, verified and committed) and Query.
 */
import { fromHex, type Logger, nullLogger } from '../../common/index.js';
import {
  loadBundle,
  type Provisioner,
  type RuntimeBundle,
  RuntimeHost,
  SandboxProvisioner,
  UnconfinedProvisioner,
} from '../host/index.js';
import type {
  BlockHeader,
  Body,
  CheckTxResult,
  IncomingMessage,
  LightBlock,
  RuntimeExecuteTxBatchResponse,
} from '../rhp/index.js';
import { TestHostError } from './errors.js';
import { LocalState } from './local-state.js';
import { readNonceAt } from './nonce.js';
import { type BatchOutcome, executePipelined, type OnCommitted } from './pipeline.js';

/** The chain context used when none is given (64 zeros). */
export const DEFAULT_CHAIN_CONTEXT = '0'.repeat(64);

/** Options of {@link LocalRuntimeHost.open}. */
export interface LocalHostOptions {
  /** Bundle directory (manifest.json + executable). */
  readonly bundleDir?: string;
  /** An already loaded bundle (instead of `bundleDir`), e.g. {@link inProcessBundle}. */
  readonly bundle?: RuntimeBundle;
  /** Where the state lives (LevelDB); memory when absent. */
  readonly stateDir?: string;
  /** Run without the sandbox (explicit opt-in; logs a warning). */
  readonly unconfined?: boolean;
  /** Use this provisioner instead (overrides `unconfined`). */
  readonly provisioner?: Provisioner;
  /** Chain context, 64 hex digits (default {@link DEFAULT_CHAIN_CONTEXT}). */
  readonly chainContext?: string;
  /** Runtime messages allowed per round (default 16). */
  readonly maxMessages?: number;
  readonly logger?: Logger;
  readonly onStderr?: (line: string) => void;
  /** Extra environment for the runtime process (e.g. `NODE_OPTIONS` when profiling). */
  readonly env?: Readonly<Record<string, string>>;
}

/** See the module comment. */
export class LocalRuntimeHost {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly host: RuntimeHost,
    readonly state: LocalState,
    readonly bundle: RuntimeBundle,
    readonly chainContext: string,
    private readonly maxMessages: number,
  ) {}

  /** Load the bundle, open the state, start the runtime and wait for its handshake. */
  static async open(opts: LocalHostOptions): Promise<LocalRuntimeHost> {
    if (!opts.bundle && opts.bundleDir === undefined) {
      throw new TestHostError(TestHostError.INVALID_ARGUMENT, 'a bundle directory is required');
    }
    const bundle = opts.bundle ?? (await loadBundle(opts.bundleDir!));
    const chainContext = opts.chainContext ?? DEFAULT_CHAIN_CONTEXT;
    if (!/^[0-9a-f]{64}$/.test(chainContext)) {
      throw new TestHostError(
        TestHostError.INVALID_ARGUMENT,
        'chain context must be 64 lower-case hex digits',
      );
    }
    const log = opts.logger ?? nullLogger;
    const state = await LocalState.open(fromHex(bundle.manifest.id, 32), opts.stateDir);
    const provisioner =
      opts.provisioner ??
      (opts.unconfined
        ? new UnconfinedProvisioner(log)
        : new SandboxProvisioner({ protectedDirs: opts.stateDir ? [opts.stateDir] : [] }));
    const host = new RuntimeHost({
      provisioner,
      logger: log,
      onStderr: opts.onStderr,
      env: opts.env,
      consensus: {
        consensus_backend: 'tandem',
        consensus_protocol_version: { major: 1, minor: 0, patch: 0 },
        consensus_chain_context: chainContext,
      },
      handler: (b) => serveStorage(state, b),
    });
    try {
      await host.start(bundle);
    } catch (e) {
      await state.close();
      throw e;
    }
    return new LocalRuntimeHost(host, state, bundle, chainContext, opts.maxMessages ?? 16);
  }

  /** The runtime id (32 bytes). */
  get runtimeId(): Uint8Array {
    return this.state.head.namespace;
  }

  /** The current block header. */
  get head(): BlockHeader {
    return this.state.head;
  }

  /** Execute one batch on the head, verify and commit it; the new block becomes the head. */
  execute(inputs: readonly Uint8Array[], inMsgs: readonly IncomingMessage[] = []): Promise<BatchOutcome> {
    return this.serial(async () => {
      const response = await this.executeOn(this.head, inputs, inMsgs);
      const header = await this.state.apply(response.batch);
      return { response, header };
    });
  }

  /**
   * Execute consecutive batches, each on the block the previous one produces, pipelined: the
   * runtime executes batch N+1 while the host checks and commits batch N (see
   * {@link executePipelined}). Rejects with the first refused batch's error; the head is then the
   * last committed batch and nothing after it is committed.
   */
  executeBatches(
    batches: readonly (readonly Uint8Array[])[],
    onCommitted?: OnCommitted,
  ): Promise<BatchOutcome[]> {
    return this.serial(() =>
      executePipelined(
        this.state,
        (parent, inputs) => this.executeOn(parent, inputs, []),
        batches,
        onCommitted,
      ),
    );
  }

  private executeOn(
    parent: BlockHeader,
    inputs: readonly Uint8Array[],
    inMsgs: readonly IncomingMessage[],
  ): Promise<RuntimeExecuteTxBatchResponse> {
    return this.host.request('RuntimeExecuteTxBatchRequest', {
      mode: 0,
      consensus_block: { height: parent.round, meta: new Uint8Array(0) },
      round_results: { messages: [], good_compute_entities: [], bad_compute_entities: [] },
      io_root: parent.io_root,
      inputs: [...inputs],
      in_msgs: [...inMsgs],
      block: { header: parent },
      epoch: 0n,
      max_messages: this.maxMessages,
    });
  }

  /** Check transactions against the head state. */
  check(inputs: readonly Uint8Array[]): Promise<CheckTxResult[]> {
    return this.serial(async () => {
      const res = await this.host.request('RuntimeCheckTxBatchRequest', {
        consensus_block: this.lightBlock(),
        inputs: [...inputs],
        block: { header: this.head },
        epoch: 0n,
        max_messages: this.maxMessages,
      });
      return res.results;
    });
  }

  /** Run a query at the head; `args` are CBOR bytes (empty for none). Returns the result bytes. */
  query(method: string, args: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
    return this.serial(async () => {
      const res = await this.host.request('RuntimeQueryRequest', {
        consensus_block: this.lightBlock(),
        header: this.head,
        epoch: 0n,
        max_messages: this.maxMessages,
        method,
        args,
      });
      return res.data;
    });
  }

  /** The next nonce of `sender` (address) in the head state. */
  nonceOf(sender: Uint8Array): Promise<bigint> {
    return readNonceAt(this.state.headTree(), sender);
  }

  /** Stop the runtime and close the state. */
  async close(): Promise<void> {
    await this.queue.catch(() => {});
    await this.host.stop();
    await this.state.close();
  }

  private lightBlock(): LightBlock {
    return { height: this.head.round, meta: new Uint8Array(0) };
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.queue.then(f, f);
    this.queue = p.catch(() => {});
    return p;
  }
}

async function serveStorage(state: LocalState, b: Body): Promise<Body> {
  const r = b.HostStorageSyncRequest;
  if (!r) throw new TestHostError(TestHostError.UNSUPPORTED, 'the test host serves only storage sync');
  if (r.endpoint !== 0)
    throw new TestHostError(TestHostError.UNSUPPORTED, 'no consensus state in the test host');
  if (r.SyncGet) return { HostStorageSyncResponse: await state.syncer.syncGet(r.SyncGet) };
  if (r.SyncGetPrefixes)
    return { HostStorageSyncResponse: await state.syncer.syncGetPrefixes(r.SyncGetPrefixes) };
  return { HostStorageSyncResponse: await state.syncer.syncIterate(r.SyncIterate!) };
}
