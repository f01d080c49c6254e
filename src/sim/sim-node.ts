/**
 * One simulated validator: its "disk" (WAL, last-signed record, consensus state, block store and
 * application state, all surviving a crash) and its current incarnation (driver and application,
 * rebuilt from the disk on restart). Timers of a crashed incarnation never fire.
 */
import { type Ed25519Signer, EMPTY_HASH, toHex } from '../common/index.js';
import {
  type BftApplication,
  BftDriver,
  type Block,
  type ChainContexts,
  MemoryBlockStore,
  MemorySignStateStore,
  MemoryWal,
  type Message,
  PrivValidator,
  type TimeoutConfig,
  type Validator,
} from '../consensus/bft/index.js';
import type { Byzantine } from './byzantine.js';
import type { VirtualClock } from './clock.js';
import { SimError } from './errors.js';
import type { SimNetwork } from './network.js';
import type { SimRng } from './rng.js';
import { type AppDisk, TestApp } from './test-app.js';

/** Shared parameters of a simulated chain. */
export interface SimChain {
  chainId: string;
  ctx: ChainContexts;
  validators: Validator[];
  epochLength: bigint;
  timeouts: TimeoutConfig;
}

/** Observers the checker attaches. */
export interface SimHooks {
  finalized(node: SimValidator, block: Block): void;
  sent(node: SimValidator, m: Message): void;
  trace(line: string): void;
}

export class SimValidator {
  up = false;
  incarnation = 0;
  driver: BftDriver | undefined;
  /** Per mille chance that a WAL append crashes the node right after writing (mid-input crash). */
  walCrashPerMille = 0;
  private tearNextCrash = false;
  private wal = new MemoryWal();
  private readonly priv = new MemorySignStateStore();
  private readonly state = new MemorySignStateStore();
  private readonly blocks = new MemoryBlockStore();
  private readonly appDisk: AppDisk = { height: 0n, appHash: EMPTY_HASH };
  private readonly mempool: Uint8Array[] = [];

  constructor(
    readonly id: string,
    readonly signer: Ed25519Signer,
    readonly byz: Byzantine | null,
    private readonly chain: SimChain,
    private readonly clock: VirtualClock,
    private readonly net: SimNetwork,
    private readonly rng: SimRng,
    private readonly hooks: SimHooks,
    /**
     * The application of each incarnation (default: a {@link TestApp} over this node's disk). A
     * factory that keeps state across a crash returns the same durable application again.
     */
    private readonly appFactory?: (id: string) => BftApplication,
  ) {
    net.register(id, (from, m) => this.deliver(from, m));
  }

  get honest(): boolean {
    return this.byz === null;
  }

  /** Committed height. */
  get height(): bigint {
    return this.driver?.state.height ?? this.appDisk.height;
  }

  /** Mempool contents waiting for a block (tests). */
  get pendingTxs(): number {
    return this.mempool.length;
  }

  /** A client transaction arrives at this node. */
  submit(tx: Uint8Array): void {
    if (this.mempool.length < 1000) this.mempool.push(tx);
  }

  /** Start (or restart) from the disk. */
  async boot(): Promise<void> {
    const inc = ++this.incarnation;
    const app: BftApplication = this.appFactory?.(this.id) ?? new TestApp(this.appDisk);
    if (this.byz?.role === 'invalid' && app instanceof TestApp) app.corruptVed = true;
    const driverApp: BftApplication = {
      prepareProposal: (r) => app.prepareProposal(r),
      processProposal: (b) => app.processProposal(b),
      finalizeBlock: async (b) => {
        this.hooks.finalized(this, b);
        return app.finalizeBlock(b);
      },
      commit: (h) => app.commit(h),
      committedHeight: () => app.committedHeight(),
      extendVote: (h) => app.extendVote(h),
      verifyVoteExtension: (v, h, e) => app.verifyVoteExtension(v, h, e),
    };
    const chooseTime = (app as BftApplication).proposalTime?.bind(app);
    if (chooseTime) driverApp.proposalTime = chooseTime;
    const canSign = (app as BftApplication).canSign?.bind(app);
    if (canSign) driverApp.canSign = canSign;
    const alive = () => this.up && inc === this.incarnation;
    this.driver = new BftDriver({
      chainId: this.chain.chainId,
      genesis: { validators: this.chain.validators, time: BigInt(this.clock.epochMs) },
      epochLength: this.chain.epochLength,
      priv: new PrivValidator(this.signer, this.priv, this.chain.ctx),
      app: driverApp,
      wal: this.crashingWal(),
      blocks: this.blocks,
      state: this.state,
      transport: {
        broadcast: (m) => alive() && this.broadcast(m),
        send: (to, m) => alive() && this.net.send(this.id, to, m),
      },
      timers: {
        now: () => BigInt(this.clock.epochMs + this.clock.now),
        after: (ms, f) => this.clock.after(ms, () => (alive() ? this.guard(f) : undefined)),
      },
      mempool: {
        reap: () => this.mempool.slice(0, 50),
        update: async (txs) => {
          const done = new Set(txs.map((t) => toHex(t)));
          const keep = this.mempool.filter((t) => !done.has(toHex(t)));
          this.mempool.length = 0;
          this.mempool.push(...keep);
        },
      },
      timeouts: this.chain.timeouts,
    });
    this.up = true;
    this.hooks.trace(`${this.id} boot #${inc} at height ${this.appDisk.height}`);
    await this.guard(() => this.driver!.start());
  }

  /**
   * Crash: the incarnation dies and the disk keeps what was durably written. A crash at an event
   * boundary keeps the whole WAL; a crash inside an append may tear the record being written.
   */
  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.driver?.stop();
    const torn = this.tearNextCrash;
    this.tearNextCrash = false;
    this.wal = this.wal.crashCopy(torn);
    this.hooks.trace(`${this.id} crash${torn ? ' (torn WAL tail)' : ''}`);
  }

  private async deliver(from: string, m: Message): Promise<void> {
    if (!this.up || !this.driver) return;
    await this.guard(() => this.driver!.receive(from, m));
  }

  /** Run `f`; a simulated crash thrown inside it takes the node down. */
  private async guard(f: () => void | Promise<void>): Promise<void> {
    try {
      await f();
    } catch (e) {
      if (e instanceof SimError && e.code === SimError.CRASH) {
        this.crash();
        return;
      }
      throw e;
    }
  }

  private crashingWal() {
    const maybeCrash = () => {
      if (this.walCrashPerMille > 0 && this.rng.chance(this.walCrashPerMille)) {
        // Half the time the crash tears the record being written (the input is lost, as it was
        // never acknowledged); otherwise it hits after the write, before the input is acted on.
        this.tearNextCrash = this.rng.chance(500);
        throw new SimError(SimError.CRASH, 'crash between WAL write and acting');
      }
    };
    return {
      append: (r: Uint8Array) => {
        this.wal.append(r);
        maybeCrash();
      },
      // A simulated crash is a process crash: a written record survives it like a synced one.
      write: (r: Uint8Array) => {
        this.wal.write(r);
        maybeCrash();
      },
      replay: () => this.wal.replay(),
      checkpoint: () => this.wal.checkpoint(),
    };
  }

  private broadcast(m: Message): void {
    this.hooks.sent(this, m);
    if (!this.byz) {
      this.net.broadcast(this.id, m);
      return;
    }
    this.byz.broadcast(m, {
      send: (to, x) => this.net.send(this.id, to, x),
      peers: () => this.net.ids.filter((p) => p !== this.id),
    });
  }
}
