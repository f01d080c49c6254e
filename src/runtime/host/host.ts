/**
 * The runtime host: starts a bundle through a provisioner, speaks RHP to it over a unix socket
 * in a private runtime dir, watches it with pings and restarts it with exponential backoff when
 * it exits, crashes, hangs or breaks the protocol (spec/oasis.md §9).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, type Logger, nullLogger } from '../../common/index.js';
import {
  type Body,
  type BodyOf,
  type CallOptions,
  type RequestHandler,
  type RequestKind,
  type ResponseKind,
  RhpError,
  realTimers,
  type TimerHandle,
  type Timers,
} from '../rhp/index.js';
import { HostError } from './errors.js';
import { EventHub } from './events.js';
import {
  killAndWait,
  type LaunchParams,
  launchInstance,
  type RuntimeInstance,
  waitExit,
} from './instance.js';
import type { HostEvent, HostListener, HostState, RuntimeHostOptions } from './options.js';
import type { RuntimeBundle } from './provisioner.js';
import { DEFAULT_BACKOFF } from './supervisor/backoff.js';
import { RestartPolicy } from './supervisor/policy.js';
import { DEFAULT_WATCHDOG, Watchdog, type WatchdogOptions } from './watchdog.js';

const noHandler: RequestHandler = () => {
  throw new RhpError(RhpError.NO_HANDLER, 'the host serves no runtime requests');
};

/** Supervises one runtime process (see the module comment). */
export class RuntimeHost {
  private st: HostState = 'idle';
  private readonly timers: Timers;
  private readonly log: Logger;
  private readonly events: EventHub<HostEvent>;
  private readonly restarts: RestartPolicy;
  private readonly watchdogOpts: WatchdogOptions;
  private handler: RequestHandler;
  private bundle: RuntimeBundle | undefined;
  private dir: string | undefined;
  private inst: RuntimeInstance | undefined;
  private watchdog: Watchdog | undefined;
  private restartTimer: TimerHandle | undefined;
  private launching: Promise<unknown> | undefined;
  /** Bumped whenever the current instance is given up, so stale failure reports are ignored. */
  private gen = 0;
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: RuntimeHostOptions) {
    this.timers = opts.timers ?? realTimers;
    this.log = opts.logger ?? nullLogger;
    this.events = new EventHub(this.log);
    this.restarts = new RestartPolicy(
      { ...DEFAULT_BACKOFF, ...opts.backoff },
      opts.stableAfterMs ?? 60_000,
      opts.giveUpAfterMs ?? 24 * 3600 * 1000,
      this.timers,
    );
    this.watchdogOpts = { ...DEFAULT_WATCHDOG, ...opts.watchdog };
    this.handler = opts.handler ?? noHandler;
  }

  /** Current lifecycle state. */
  get state(): HostState {
    return this.st;
  }

  /** The private runtime dir (holds the socket), while started. */
  get runtimeDir(): string | undefined {
    return this.dir;
  }

  /** The socket path the runtime connects to, while started. */
  get socketPath(): string | undefined {
    return this.dir === undefined ? undefined : join(this.dir, 'host.sock');
  }

  /** Pid of the ready runtime process. */
  get pid(): number | undefined {
    return this.inst?.proc.pid;
  }

  /** Subscribe to events; returns the unsubscribe function. */
  on(cb: HostListener): () => void {
    return this.events.on(cb);
  }

  /** Set the handler of runtime→host requests (applies to the running instance too). */
  setHandler(h: RequestHandler): void {
    this.handler = h;
  }

  /**
   * Start the runtime and wait for its first successful handshake. A first start that fails is
   * not retried: the error is thrown and the host is stopped (a misconfigured runtime fails fast).
   */
  async start(bundle: RuntimeBundle): Promise<RuntimeInstance['info']> {
    if (this.st !== 'idle') throw new HostError(HostError.ALREADY_STARTED, `host is ${this.st}`);
    fromHexChecked(bundle.manifest.id);
    this.bundle = bundle;
    this.st = 'starting';
    this.dir = mkdtempSync(join(this.opts.runtimeDirBase ?? tmpdir(), 'tandem-rt-'));
    try {
      const inst = await this.track(launchInstance(this.launchParams()));
      if (this.st !== 'starting') {
        await this.teardown(inst);
        throw new HostError(HostError.STOPPED, 'host stopped during start');
      }
      this.becomeReady(inst);
      return inst.info;
    } catch (e) {
      if (this.st === 'starting') this.finish();
      throw e;
    }
  }

  /** Send a request to the ready runtime. */
  call(body: Body, opts: CallOptions = {}): Promise<Body> {
    const inst = this.inst;
    if (this.st !== 'ready' || !inst) {
      return Promise.reject(new HostError(HostError.NOT_READY, `runtime is not ready (${this.st})`));
    }
    return inst.conn.call(body, opts);
  }

  /** Typed form of {@link call}. */
  async request<K extends RequestKind>(kind: K, value: BodyOf<K>, opts: CallOptions = {}) {
    const res = (await this.call({ [kind]: value } as unknown as Body, opts)) as Record<string, unknown>;
    return Object.values(res)[0] as BodyOf<ResponseKind<K>>;
  }

  /**
   * Abort the runtime's current work: `RuntimeAbortRequest` answered within the abort timeout
   * keeps the process; no answer, an error, or `force` kills it and a restart follows.
   */
  async abort(opts: { force?: boolean } = {}): Promise<void> {
    const inst = this.inst;
    const gen = this.gen;
    if (this.st !== 'ready' || !inst)
      throw new HostError(HostError.NOT_READY, `runtime is not ready (${this.st})`);
    let why = 'forced';
    if (!opts.force) {
      try {
        await inst.conn.call({ RuntimeAbortRequest: {} }, { timeoutMs: this.opts.abortTimeoutMs ?? 1000 });
        return;
      } catch (e) {
        why = (e as Error).message;
      }
    }
    await this.fail(gen, new HostError(HostError.ABORT_FAILED, `abort: ${why}; killing the runtime`));
  }

  /** Ask the runtime to shut down, kill it if it lingers, remove the runtime dir. Idempotent. */
  stop(): Promise<void> {
    if (this.st === 'idle' || this.st === 'stopped') return Promise.resolve();
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.st = 'stopping';
    this.gen++;
    if (this.restartTimer !== undefined) this.timers.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.launching?.catch(() => {});
    const inst = this.inst;
    this.inst = undefined;
    this.watchdog?.stop();
    if (inst) {
      const grace = this.opts.shutdownTimeoutMs ?? 1000;
      await inst.conn.call({ RuntimeShutdownRequest: {} }, { timeoutMs: grace }).catch(() => {});
      await waitExit(inst.proc, this.timers, grace);
      await this.teardown(inst);
    }
    this.finish();
  }

  private launchParams(): LaunchParams {
    return {
      provisioner: this.opts.provisioner,
      bundle: this.bundle!,
      socketPath: this.socketPath!,
      timers: this.timers,
      consensus: this.opts.consensus,
      handler: (b) => this.handler(b),
      connectTimeoutMs: this.opts.connectTimeoutMs ?? 5000,
      handshakeTimeoutMs: this.opts.handshakeTimeoutMs ?? 1000,
      env: this.opts.env,
      onStderr: this.opts.onStderr,
      onSpawned: (proc) => this.emit({ type: 'started', pid: proc.pid }),
    };
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.launching = p;
    return p.finally(() => {
      if (this.launching === p) this.launching = undefined;
    });
  }

  private becomeReady(inst: RuntimeInstance): void {
    this.inst = inst;
    this.st = 'ready';
    this.restarts.ready();
    const gen = ++this.gen;
    void inst.proc.exited.then((x) =>
      this.fail(
        gen,
        new HostError(HostError.PROCESS_EXITED, `runtime exited (code ${x.code}, signal ${x.signal})`),
      ),
    );
    inst.conn.onClose((err) => {
      const why = err ? `protocol error: ${err.message}` : 'runtime closed the connection';
      void this.fail(gen, new HostError(HostError.CONNECTION_LOST, why));
    });
    this.watchdog = new Watchdog(inst.conn, this.watchdogOpts, this.timers, (e) => void this.fail(gen, e));
    this.watchdog.start();
    this.log.info({ pid: inst.proc.pid, runtime: this.bundle?.manifest.name }, 'runtime ready');
    this.emit({ type: 'ready', pid: inst.proc.pid, info: inst.info });
  }

  /** The current instance failed: tear it down, report it, schedule a restart. */
  private async fail(gen: number, reason: HostError): Promise<void> {
    if (gen !== this.gen || this.st !== 'ready') return;
    this.gen++;
    this.st = 'restarting';
    const inst = this.inst;
    this.inst = undefined;
    this.watchdog?.stop();
    this.restarts.instanceFailed();
    if (inst) await this.teardown(inst);
    this.log.warn({ reason: reason.message }, 'runtime failed');
    this.emit({ type: 'crashed', reason });
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.st !== 'restarting') return;
    const next = this.restarts.next();
    if (next === 'give-up') {
      this.emit({ type: 'crashed', reason: new HostError(HostError.GAVE_UP, 'no stable run; giving up') });
      this.finish();
      return;
    }
    this.emit({ type: 'restarting', ...next });
    this.restartTimer = this.timers.setTimeout(() => void this.relaunch(), next.delayMs);
  }

  private async relaunch(): Promise<void> {
    this.restartTimer = undefined;
    if (this.st !== 'restarting') return;
    try {
      const inst = await this.track(launchInstance(this.launchParams()));
      if (this.st !== 'restarting') return void (await this.teardown(inst));
      this.becomeReady(inst);
    } catch (e) {
      if (this.st !== 'restarting') return;
      const reason = e instanceof HostError ? e : new HostError(HostError.START_FAILED, String(e));
      this.emit({ type: 'crashed', reason });
      this.scheduleRestart();
    }
  }

  private async teardown(inst: RuntimeInstance): Promise<void> {
    inst.conn.close();
    await killAndWait(inst.proc, this.timers, 2000);
  }

  /** Final state: runtime dir removed, `stopped` reported. */
  private finish(): void {
    this.st = 'stopped';
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.emit({ type: 'stopped' });
  }

  private emit(e: HostEvent): void {
    this.events.emit(e);
  }
}

function fromHexChecked(id: string): void {
  try {
    fromHex(id, 32);
  } catch {
    throw new HostError(HostError.INVALID_ARGUMENT, `bundle manifest id is not 64 hex digits`);
  }
}
