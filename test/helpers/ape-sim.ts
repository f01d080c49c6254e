/**
 * The issue 7 acceptance harness: N validators in the BFT simulator (virtual time and network),
 * each a real {@link ChainApp} over its own "disk" (node databases, resume record, halt store, a
 * directory for a UED worker's LevelDB) that survives a restart. It records per node the UED hash
 * of every height, the largest VED−UED lag seen at a commit, the alerts and the reports, and can
 * restart a node as a kill would (the UED worker's queue is lost).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWith, toHex } from '../../src/common/index.js';
import { blockCodec, ChainContexts, MemorySignStateStore } from '../../src/consensus/bft/index.js';
import { type GenesisDocument, txHash } from '../../src/consensus/index.js';
import {
  ChainApp,
  type ChainAppOptions,
  type DivergenceAlert,
  MemoryHaltStore,
  type RecordedReport,
  WorkerUedRunner,
} from '../../src/domains/index.js';
import { MemoryNodeDB } from '../../src/mkvs/index.js';
import { SIM_TIMEOUTS, SimNetwork, SimRng, SimValidator, VirtualClock } from '../../src/sim/index.js';
import { addrOf, GENESIS_MS, testGenesis, transferTx, user, validatorKeys } from './chain-app.js';

/** What survives a node's restart. */
export interface ApeDisk {
  readonly dbs: { ved: MemoryNodeDB; ued: MemoryNodeDB };
  readonly store: MemorySignStateStore;
  readonly halt: MemoryHaltStore;
  /** A fresh directory, for a UED worker's LevelDB. */
  readonly dir: string;
}

/** Options of {@link ApeSim.start}. */
export interface ApeSimOptions {
  readonly validators?: number;
  readonly epochInterval: bigint;
  /** Extra app options of node i (a UED worker, a slow-down, an injected fault...). */
  readonly app?: (i: number, disk: ApeDisk) => Partial<ChainAppOptions>;
}

/** See the module header. */
export class ApeSim {
  readonly clock = new VirtualClock(Number(GENESIS_MS));
  readonly apps: ChainApp[] = [];
  readonly nodes: SimValidator[] = [];
  /** Per node: height → UED hash (hex); a height executed twice must give the same hash. */
  readonly ued: Map<bigint, string>[] = [];
  readonly mismatches: string[] = [];
  /** Per node: the largest VED height − UED height seen at a VED commit. */
  readonly maxLag: bigint[] = [];
  readonly alerts: DivergenceAlert[][] = [];
  readonly reports: RecordedReport[][] = [];
  readonly disks: ApeDisk[] = [];
  private nonce = 0n;

  private constructor(
    readonly genesis: GenesisDocument,
    private readonly o: ApeSimOptions,
  ) {}

  /** Create the apps and boot the validators. */
  static async start(o: ApeSimOptions): Promise<ApeSim> {
    const n = o.validators ?? 4;
    const sim = new ApeSim(testGenesis(n, { epochInterval: o.epochInterval, users: 2 }), o);
    const rng = new SimRng(11);
    const net = new SimNetwork(sim.clock, rng.fork());
    const chainId = 'tandem-ape-sim';
    const chain = {
      chainId,
      ctx: new ChainContexts(chainId),
      validators: sim.genesis.validators.map((v) => ({ pubKey: v.public_key, power: v.power })),
      epochLength: sim.genesis.params.epoch_interval,
      timeouts: SIM_TIMEOUTS,
    };
    const hooks = { finalized: () => {}, sent: () => {}, trace: () => {} };
    for (let i = 0; i < n; i++) {
      sim.disks.push({
        dbs: { ved: new MemoryNodeDB(), ued: new MemoryNodeDB() },
        store: new MemorySignStateStore(),
        halt: new MemoryHaltStore(),
        dir: mkdtempSync(join(tmpdir(), `tandem-ape-sim-${i}-`)),
      });
      sim.ued.push(new Map());
      sim.maxLag.push(0n);
      sim.alerts.push([]);
      sim.reports.push([]);
    }
    // In parallel: a UED worker takes a while to start.
    sim.apps.push(...(await Promise.all(sim.disks.map((_, i) => sim.openApp(i)))));
    for (let i = 0; i < n; i++) {
      const key = validatorKeys(i).node;
      sim.nodes.push(
        new SimValidator(`v${i}`, key, null, chain, sim.clock, net, rng.fork(), hooks, () => sim.apps[i]!),
      );
    }
    for (const node of sim.nodes) await node.boot();
    return sim;
  }

  /** Node i's app over its disk (resuming from it when it holds a record). */
  private openApp(i: number): Promise<ChainApp> {
    const d = this.disks[i]!;
    return ChainApp.create({
      genesis: this.genesis,
      nodeDb: (x) => d.dbs[x],
      store: d.store,
      haltStore: d.halt,
      blocks: async (h) => {
        const b = await this.nodes[i]?.driver?.o.blocks.block(h);
        return b === undefined ? undefined : decodeWith(blockCodec, b);
      },
      onExecuted: (e) => this.executed(i, e.height, e.domain, e.domainHash),
      onAlert: (a) => this.alerts[i]!.push(a),
      onReport: (r) => this.reports[i]!.push(r),
      ...this.o.app?.(i, d),
    });
  }

  private executed(i: number, height: bigint, domain: 'ved' | 'ued', h: Uint8Array): void {
    const app = this.apps[i];
    if (domain === 'ved' && app !== undefined) {
      const lag = height - app.uedLatest().height;
      if (lag > this.maxLag[i]!) this.maxLag[i] = lag;
      return;
    }
    if (domain !== 'ued') return;
    const m = this.ued[i]!;
    if (m.has(height) && m.get(height) !== toHex(h)) this.mismatches.push(`node ${i} re-executed ${height}`);
    m.set(height, toHex(h));
  }

  /** Submit `count` UED transfers to every node, one every `everyMs`; returns their hashes. */
  client(count: number, everyMs: number): Uint8Array[] {
    const hashes: Uint8Array[] = [];
    for (let k = 0; k < count; k++) {
      const tx = transferTx(this.apps[0]!, user(0), this.nonce++, addrOf(user(1)), 1n);
      hashes.push(txHash(tx));
      this.clock.after(50 + k * everyMs, () => {
        for (const n of this.nodes) n.submit(tx);
      });
    }
    return hashes;
  }

  /** Run the virtual clock until `done` (or `ms` more of virtual time). */
  run(ms: number, done: () => boolean): Promise<void> {
    return this.clock.run(this.clock.now + ms, done);
  }

  /** Lowest committed height. */
  minHeight(): bigint {
    return lowest(this.nodes.map((n) => n.height));
  }

  /** Kill node i (its UED worker's queue is lost) and start it again from its disk. */
  async restart(i: number): Promise<void> {
    this.nodes[i]!.crash();
    const old = this.apps[i]!;
    if (old.ued instanceof WorkerUedRunner) await old.ued.terminate();
    else await old.close();
    this.apps[i] = await this.openApp(i);
    await this.nodes[i]!.boot();
  }

  /** Wait for every UED to reach its VED, then stop the nodes and close the apps. */
  async finish(): Promise<void> {
    for (const n of this.nodes) n.crash();
    for (const a of this.apps) await a.ued.waitFor(a.committed.height).catch(() => {});
  }

  async close(): Promise<void> {
    for (const n of this.nodes) n.crash();
    await Promise.all(this.apps.map((a) => a.close()));
  }
}

/** The lowest of some heights. */
export function lowest(hs: readonly bigint[]): bigint {
  return [...hs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0]!;
}

/** The highest of some heights. */
export function highest(hs: readonly bigint[]): bigint {
  return [...hs].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))[0]!;
}
