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
import { killAndWait, type LaunchParams, launchInstance, type RuntimeInstance } from './instance.js';
import type { HostEvent, HostListener, HostState, RuntimeHostOptions } from './options.js';
import type { RuntimeBundle } from './provisioner.js';
import { Backoff, DEFAULT_BACKOFF } from './supervisor/backoff.js';
import { DEFAULT_WATCHDOG, Watchdog, type WatchdogOptions } from './watchdog.js';

const noHandler: RequestHandler = () => {
  throw new RhpError(RhpError.NO_HANDLER, 'the host serves no runtime requests');
};

/** Supervises one runtime process (see the module comment). */
export class RuntimeHost {
  private st: HostState = 'idle';
  private readonly timers: Timers;
  private readonly log: Logger;
  private readonly listeners: HostListener[] = [];
  private readonly backoff: Backoff;
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
  private readyAt = 0;
  private failingSince: number | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: RuntimeHostOptions) {
    this.timers = opts.timers ?? realTimers;
    this.log = opts.logger ?? nullLogger;
    this.backoff = new Backoff({ ...DEFAULT_BACKOFF, ...opts.backoff });
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
    this.listeners.push(cb);
    return () => {
      const i = this.listeners.indexOf(cb);
      if (i >= 0) this.listeners.splice(i, 1);
    };
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
    await this.fail(this.gen, new HostError(HostError.ABORT_FAILED, `abort: ${why}; killing the runtime`));
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
      await this.waitExit(inst, grace);
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
    this.readyAt = this.timers.now();
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
    if (this.timers.now() - this.readyAt >= (this.opts.stableAfterMs ?? 60_000)) {
      this.backoff.reset();
      this.failingSince = undefined;
    }
    this.failingSince ??= this.timers.now();
    if (inst) await this.teardown(inst);
    this.log.warn({ reason: reason.message }, 'runtime failed');
    this.emit({ type: 'crashed', reason });
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.st !== 'restarting') return;
    const giveUp = this.opts.giveUpAfterMs ?? 24 * 3600 * 1000;
    if (this.timers.now() - (this.failingSince ?? 0) > giveUp) {
      this.emit({
        type: 'crashed',
        reason: new HostError(HostError.GAVE_UP, `no stable run for ${giveUp} ms`),
      });
      this.finish();
      return;
    }
    const delayMs = this.backoff.next();
    this.emit({ type: 'restarting', delayMs, attempt: this.backoff.attempts });
    this.restartTimer = this.timers.setTimeout(() => void this.relaunch(), delayMs);
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

  private async waitExit(inst: RuntimeInstance, ms: number): Promise<void> {
    let t: TimerHandle | undefined;
    await Promise.race([inst.proc.exited, new Promise<void>((r) => (t = this.timers.setTimeout(r, ms)))]);
    this.timers.clearTimeout(t);
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
    for (const cb of [...this.listeners]) {
      try {
        cb(e);
      } catch (err) {
        this.log.warn({ error: (err as Error).message }, 'host event listener failed');
      }
    }
  }
}

function fromHexChecked(id: string): void {
  try {
    fromHex(id, 32);
  } catch {
    throw new HostError(HostError.INVALID_ARGUMENT, `bundle manifest id is not 64 hex digits`);
  }
}
