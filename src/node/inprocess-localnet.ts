/**
 * A local network of validators in ONE process on real time (tests of the chain without p2p; the
 * `tandem localnet` command runs one process per node instead, see localnet.ts), running the real chain: each
 * validator is the BFT driver (WAL, last-signed record, consensus state and LevelDB block store
 * under `dir/v<i>/`) over a {@link ChainApp} whose VED and UED trees live in LevelDB under
 * `dir/v<i>/state/`, with a mempool checked by the app. Messages pass through the wire codec
 * between validators. The genesis document (`dir/genesis.json`, localnet-genesis.ts) fixes the
 * chain; the app's resume record and the driver's block replay make a second start resume it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadKey } from '../common/index.js';
import {
  BftDriver,
  ChainContexts,
  decodeMessage,
  encodeMessage,
  FileSignStateStore,
  FileWal,
  LevelBlockStore,
  Mempool,
  type Message,
  PrivValidator,
  type TimeoutConfig,
  type Timers,
  type Transport,
} from '../consensus/bft/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import { ChainApp } from '../domains/index.js';
import { LevelNodeDB } from '../mkvs/index.js';
import { NodeError } from './errors.js';
import { localnetGenesis } from './localnet-genesis.js';
import { mempoolCheck } from './node-parts.js';

/** A block committed by validator 0. */
export interface LocalnetCommit {
  readonly height: bigint;
  readonly txs: number;
  readonly vedHash: Uint8Array;
  readonly uedHash: Uint8Array;
}

/** Options of {@link startInProcessLocalnet}. */
export interface InProcessLocalnetOptions {
  dir: string;
  validators: number;
  timeouts: TimeoutConfig;
  /** Blocks per epoch when a new genesis is written (default 100; an existing genesis keeps its own). */
  epochInterval?: bigint;
  /** Called with each block validator 0 commits (one validator keeps the output readable). */
  onCommit?: (c: LocalnetCommit) => void;
  /** A validator failed to handle a message or timer (default: one line on stderr). */
  onError?: (validator: number, e: unknown) => void;
}

/** A running local network. */
export interface InProcessLocalnet {
  readonly chainId: string;
  readonly genesis: GenesisDocument;
  /** Validator 0's committed height when it was opened, before any block replay (0 when new). */
  readonly resumedAt: bigint;
  readonly drivers: BftDriver[];
  readonly apps: ChainApp[];
  /** Validator i's mempool: a transaction added here is proposed when i leads a round. */
  readonly mempools: Mempool[];
  stop(): Promise<void>;
}

/** What one validator needs from the network around it. */
interface Wiring {
  readonly genesis: GenesisDocument;
  readonly ctx: ChainContexts;
  readonly o: InProcessLocalnetOptions;
  readonly transport: (i: number) => Transport<Message>;
  readonly timers: (i: number) => Timers;
  /** Registers what to close at shutdown (in order). */
  readonly onClose: (c: () => Promise<void> | void) => void;
}

/** Open validator `i`'s stores and app, and build its driver (not started). */
async function openValidator(i: number, w: Wiring) {
  const home = join(w.o.dir, `v${i}`);
  const { genesis } = w;
  mkdirSync(join(home, 'state'), { recursive: true });
  const dbs = {
    ved: await LevelNodeDB.open(join(home, 'state', 'ved')),
    ued: await LevelNodeDB.open(join(home, 'state', 'ued')),
  };
  w.onClose(() => dbs.ved.close());
  w.onClose(() => dbs.ued.close());
  const app = await ChainApp.create({
    genesis,
    nodeDb: (d) => dbs[d],
    store: new FileSignStateStore(join(home, 'state', 'app.record')),
    ...(i === 0 && w.o.onCommit ? { onCommitted: w.o.onCommit } : {}),
  });
  const mempool = new Mempool({
    maxTxs: 10_000,
    maxBytes: 64 * 1024 * 1024,
    maxTxBytes: genesis.params.max_tx_bytes,
    maxPerSender: 64,
    checkTx: mempoolCheck(app),
  });
  const blocks = await LevelBlockStore.open(join(home, 'blocks'));
  w.onClose(() => blocks.close());
  const wal = FileWal.open(join(home, 'wal'));
  w.onClose(() => wal.close());
  const driver = new BftDriver({
    chainId: genesis.chain_id,
    genesis: {
      validators: genesis.validators.map((v) => ({ pubKey: v.public_key, power: v.power })),
      time: genesis.genesis_time_ms,
    },
    epochLength: genesis.params.epoch_interval,
    priv: new PrivValidator(
      loadKey(join(home, 'consensus.pem')),
      new FileSignStateStore(join(home, 'privval.state')),
      w.ctx,
    ),
    app,
    mempool,
    wal,
    blocks,
    state: new FileSignStateStore(join(home, 'consensus.state')),
    transport: w.transport(i),
    timers: w.timers(i),
    timeouts: w.o.timeouts,
  });
  return { app, mempool, driver };
}

/** Start (or resume) the local network in `dir`. */
export async function startInProcessLocalnet(o: InProcessLocalnetOptions): Promise<InProcessLocalnet> {
  if (!Number.isInteger(o.validators) || o.validators < 1 || o.validators > 64) {
    throw new NodeError(NodeError.CONFIG, 'validators must be 1..64');
  }
  const epochInterval = o.epochInterval ?? 100n;
  if (epochInterval < 2n) throw new NodeError(NodeError.CONFIG, 'the epoch interval must be at least 2');
  const genesis = localnetGenesis({ dir: o.dir, validators: o.validators, epochInterval });
  const net = { chainId: genesis.chain_id, genesis, drivers: [] as BftDriver[], apps: [] as ChainApp[] };
  const mempools: Mempool[] = [];
  let resumedAt = 0n;
  const closers: (() => Promise<void> | void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const report =
    o.onError ??
    ((i: number, e: unknown) =>
      process.stderr.write(`localnet v${i}: ${e instanceof Error ? e.message : String(e)}\n`));
  const deliver = (to: number, from: number, bytes: Uint8Array) =>
    setImmediate(() => {
      if (!stopped) net.drivers[to]!.receive(`v${from}`, decodeMessage(bytes)).catch((e) => report(to, e));
    });
  const wiring: Wiring = {
    genesis,
    ctx: new ChainContexts(genesis.chain_id),
    o,
    onClose: (c) => closers.push(c),
    transport: (i) => ({
      broadcast: (m) => {
        const b = encodeMessage(m);
        for (let j = 0; j < o.validators; j++) if (j !== i) deliver(j, i, b);
      },
      send: (peer, m) => deliver(Number(peer.slice(1)), i, encodeMessage(m)),
    }),
    timers: (i) => ({
      now: () => BigInt(Date.now()),
      after: (ms, f) => {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!stopped) void Promise.resolve(f()).catch((e) => report(i, e));
        }, ms);
        timers.add(t);
      },
    }),
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const t of timers) clearTimeout(t);
    // Each validator finishes the input it is handling before its stores close under it.
    await Promise.all(net.drivers.map((d) => d.close()));
    for (const t of timers) clearTimeout(t);
    for (const c of closers) await c();
  };
  try {
    for (let i = 0; i < o.validators; i++) {
      const v = await openValidator(i, wiring);
      net.apps.push(v.app);
      mempools.push(v.mempool);
      net.drivers.push(v.driver);
    }
    resumedAt = net.apps[0]!.committed.height;
    // All at once: start() queues each driver's recovery before any message can reach it.
    await Promise.all(net.drivers.map((d) => d.start()));
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
  return { ...net, resumedAt, mempools, stop };
}
