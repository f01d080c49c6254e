/**
 * One simulation run from a seed: boot the validators on a virtual clock and in-memory network,
 * inject the scenario's faults for `faultMs`, heal, and require progress within `healMs`. The
 * checker watches agreement, validity and double-signing throughout.
 */
import { toHex, u64be } from '../common/index.js';
import { ChainContexts, type TimeoutConfig } from '../consensus/bft/index.js';
import { Byzantine, Coalition } from './byzantine.js';
import { Checker, type Violation } from './checker.js';
import { VirtualClock } from './clock.js';
import { SimNetwork } from './network.js';
import { SimRng } from './rng.js';
import { type FaultKind, members, type ScenarioOptions } from './scenario.js';
import { SimValidator } from './sim-node.js';

/** Timeouts for the simulated network (tens of milliseconds of delay). */
export const SIM_TIMEOUTS: TimeoutConfig = {
  proposeMs: 300,
  proposeDeltaMs: 100,
  prevoteMs: 150,
  prevoteDeltaMs: 100,
  precommitMs: 150,
  precommitDeltaMs: 100,
  commitMs: 20,
};

export interface RunResult {
  seed: number;
  violations: Violation[];
  /** Highest height finalized by an honest node. */
  height: number;
  crashes: number;
  trace: string[];
  /** Hash of the whole trace (replay check). */
  traceDigest: string;
  /** Mean and largest encoded size of the finalized blocks. */
  meanBlockBytes: number;
  maxBlockBytes: number;
}

export async function runSeed(seed: number, o: ScenarioOptions): Promise<RunResult> {
  const rng = new SimRng(seed);
  const clock = new VirtualClock();
  const net = new SimNetwork(clock, rng.fork());
  const checker = new Checker(() => clock.now);
  const ms = members(o, rng.fork());
  const chainId = `tandem-sim-${seed}`;
  const chain = {
    chainId,
    ctx: new ChainContexts(chainId),
    validators: ms.map((m) => ({ pubKey: m.signer.publicKey, power: m.power })),
    epochLength: 10n,
    timeouts: SIM_TIMEOUTS,
  };
  const coalition = new Coalition();
  const hooks = {
    finalized: (n: SimValidator, b: Parameters<Checker['finalized']>[1]) => checker.finalized(n, b),
    sent: (n: SimValidator, m: Parameters<Checker['sent']>[1]) => checker.sent(n, m),
    trace: (l: string) => checker.log(l),
  };
  const nodes = ms.map((m) => {
    const byz =
      m.role === 'honest' ? null : new Byzantine(m.role, m.signer, chain.ctx, rng.fork(), coalition);
    return new SimValidator(m.id, m.signer, byz, chain, clock, net, rng.fork(), hooks);
  });
  const honest = nodes.filter((n) => n.honest);
  const has = (f: FaultKind) => o.faults.includes(f);
  const faults = new FaultPlan(o, rng.fork(), clock, net, nodes, has);
  let crashes = 0;
  const stop = () =>
    checker.violations.length > 0 ||
    (o.stopAtHeight !== undefined && checker.maxHeight >= BigInt(o.stopAtHeight));
  try {
    if (o.attack === 'fork') {
      honest.forEach((n, i) => {
        coalition.groupOf.set(n.id, i % 2);
      });
      net.partition(new Map(coalition.groupOf));
    }
    for (const n of nodes) await n.boot();
    faults.start(() => crashes++);
    let tx = 0;
    const client = () => {
      if (clock.now > o.faultMs + o.healMs) return;
      nodes[rng.int(nodes.length)]!.submit(u64be(BigInt(++tx)));
      clock.after(200, client);
    };
    clock.after(100, client);
    await clock.run(o.faultMs, stop);
    faults.heal();
    if (o.attack === 'fork') net.partition(null);
    const target = checker.maxHeight + BigInt(o.minProgress);
    for (const n of nodes) if (!n.up) await n.boot();
    const done = () => stop() || honest.every((n) => n.height >= target);
    await clock.run(o.faultMs + o.healMs, done);
    if (!stop()) {
      const lag = honest.filter((n) => n.height < target).map((n) => `${n.id}@${n.height}`);
      checker.progress(
        lag.length === 0,
        `after the heal at ${o.faultMs}ms, ${lag.join(' ')} below height ${target} within ${o.healMs}ms`,
      );
    }
  } catch (e) {
    checker.exception(e);
  }
  for (const n of nodes) n.crash();
  return {
    seed,
    violations: checker.violations,
    height: Number(checker.maxHeight),
    crashes,
    trace: checker.violations.length > 0 ? checker.traceTail() : [],
    traceDigest: toHex(checker.digest),
    meanBlockBytes: checker.maxHeight === 0n ? 0 : Math.round(checker.blockBytes / Number(checker.maxHeight)),
    maxBlockBytes: checker.maxBlockBytes,
  };
}

/** The fault schedule of the fault phase. */
class FaultPlan {
  private healed = false;

  constructor(
    private readonly o: ScenarioOptions,
    private readonly rng: SimRng,
    private readonly clock: VirtualClock,
    private readonly net: SimNetwork,
    private readonly nodes: SimValidator[],
    private readonly has: (f: FaultKind) => boolean,
  ) {}

  start(onCrash: () => void): void {
    this.net.faults = {
      minDelayMs: this.has('delay') ? 1 : 0,
      maxDelayMs: this.has('delay') ? 60 : 0,
      tailPerMille: this.has('delay') ? 50 : 0,
      tailMaxMs: 1500,
      dropPerMille: this.has('drop') ? 50 : 0,
      dupPerMille: this.has('dup') ? 30 : 0,
    };
    if (this.has('wal-crash')) for (const n of this.nodes) if (n.honest) n.walCrashPerMille = 3;
    if (this.has('partition') && this.o.attack !== 'fork') this.every(2500, () => this.partition());
    if (this.has('crash')) this.every(2000, () => this.crashOne(onCrash));
    if (this.has('crash') || this.has('wal-crash')) this.every(700, () => this.revive());
  }

  heal(): void {
    this.healed = true;
    this.net.faults = {
      minDelayMs: 1,
      maxDelayMs: 20,
      tailPerMille: 0,
      tailMaxMs: 0,
      dropPerMille: 0,
      dupPerMille: 0,
    };
    this.net.partition(null);
    for (const n of this.nodes) n.walCrashPerMille = 0;
  }

  private every(ms: number, f: () => void | Promise<void>): void {
    const tick = async () => {
      if (this.healed) return;
      await f();
      this.clock.after(this.rng.range(ms / 2, (ms * 3) / 2), tick);
    };
    this.clock.after(this.rng.range(ms / 2, ms), tick);
  }

  private partition(): void {
    if (this.net.partitioned || !this.rng.chance(500)) return;
    const groups = new Map<string, number>();
    for (const n of this.nodes) groups.set(n.id, this.rng.int(2));
    this.net.partition(groups);
    this.clock.after(this.rng.range(500, 3000), () => {
      if (!this.healed) this.net.partition(null);
    });
  }

  private crashOne(onCrash: () => void): void {
    const up = this.nodes.filter((n) => n.up);
    if (up.length === 0) return;
    up[this.rng.int(up.length)]!.crash();
    onCrash();
  }

  private async revive(): Promise<void> {
    for (const n of this.nodes) if (!n.up && this.rng.chance(600)) await n.boot();
  }
}
