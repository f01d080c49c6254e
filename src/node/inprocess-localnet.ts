/**
 * A local network of validators in ONE process on real time (tests and the load benchmark; the
 * `tandem localnet` command runs one process per node instead, see localnet.ts), running the
 * real chain: each
 * validator is the BFT driver (WAL, last-signed record, consensus state and LevelDB block store
 * under `dir/v<i>/`) over a {@link ChainApp} whose VED and UED trees live in LevelDB under
 * `dir/v<i>/state/`, with a mempool checked by the app (inprocess-validator.ts). Messages pass
 * through the wire codec between validators; a transaction admitted by one validator is offered
 * to the others, as gossip would. With `apiPort` set, each validator serves the JSON-RPC API on
 * loopback over its own backend. The genesis document (`dir/genesis.json`, localnet-genesis.ts)
 * fixes the chain; the app's resume record and the driver's block replay make a second start
 * resume it.
 */
import { join } from 'node:path';
import { type ApiLimits, type ApiServer, createApiServer } from '../api/index.js';
import {
  type BftDriver,
  ChainContexts,
  decodeMessage,
  encodeMessage,
  type Mempool,
  type TimeoutConfig,
} from '../consensus/bft/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import type { ChainApp } from '../domains/index.js';
import type { ChainBackend } from './chain-backend.js';
import { NodeError } from './errors.js';
import { type LocalValidator, openValidator, type ValidatorCommit } from './inprocess-validator.js';
import { localnetGenesis } from './localnet-genesis.js';

/** A block committed by validator 0. */
export type LocalnetCommit = ValidatorCommit;

/** API limits of the local network: loopback only, so the load generator is not rate limited. */
export const LOCALNET_API_LIMITS: Partial<ApiLimits> = { ratePerSecond: 100_000, rateBurst: 100_000 };

/** Options of {@link startInProcessLocalnet}. */
export interface InProcessLocalnetOptions {
  dir: string;
  validators: number;
  timeouts: TimeoutConfig;
  /** Blocks per epoch when a new genesis is written (default 100; an existing genesis keeps its own). */
  epochInterval?: bigint;
  /**
   * Serve the API of validator i on 127.0.0.1 port `apiPort + i`; 0 picks free ports. Omitted:
   * no API.
   */
  apiPort?: number;
  /** Called with each block validator 0 commits (one validator keeps the output readable). */
  onCommit?: (c: LocalnetCommit) => void;
  /** A validator failed to handle a message or timer (default: one line on stderr). */
  onError?: (validator: number, e: unknown) => void;
  /** Validators make state-sync checkpoints at multiples of this height. */
  checkpointInterval?: bigint;
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
  /** Validator i's API backend (empty without `apiPort`). */
  readonly backends: ChainBackend[];
  /** Validator i's API server (empty without `apiPort`). */
  readonly apis: ApiServer[];
  /** Validator i's block store and (with `checkpointInterval`) checkpoints. */
  readonly validators: readonly Pick<LocalValidator, 'blocks' | 'checkpoints'>[];
  stop(): Promise<void>;
}

function checkOptions(o: InProcessLocalnetOptions): bigint {
  if (!Number.isInteger(o.validators) || o.validators < 1 || o.validators > 64) {
    throw new NodeError(NodeError.CONFIG, 'validators must be 1..64');
  }
  if (
    o.apiPort !== undefined &&
    (!Number.isInteger(o.apiPort) || o.apiPort < 0 || o.apiPort + o.validators > 65_536)
  ) {
    throw new NodeError(NodeError.CONFIG, 'the API port must leave room for one port per validator');
  }
  const epochInterval = o.epochInterval ?? 100n;
  if (epochInterval < 2n) throw new NodeError(NodeError.CONFIG, 'the epoch interval must be at least 2');
  return epochInterval;
}

/** Start (or resume) the local network in `dir`. */
export async function startInProcessLocalnet(o: InProcessLocalnetOptions): Promise<InProcessLocalnet> {
  const epochInterval = checkOptions(o);
  const genesis = localnetGenesis({ dir: o.dir, validators: o.validators, epochInterval });
  const vs: LocalValidator[] = [];
  const apis: ApiServer[] = [];
  const closers: (() => Promise<void> | void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let resumedAt = 0n;
  const report =
    o.onError ??
    ((i: number, e: unknown) =>
      process.stderr.write(`localnet v${i}: ${e instanceof Error ? e.message : String(e)}\n`));
  const deliver = (to: number, from: number, bytes: Uint8Array) =>
    setImmediate(() => {
      if (!stopped) vs[to]!.driver.receive(`v${from}`, decodeMessage(bytes)).catch((e) => report(to, e));
    });
  const ctx = new ChainContexts(genesis.chain_id);
  const wiring = (i: number) => ({
    dir: join(o.dir, `v${i}`),
    genesis,
    ctx,
    timeouts: o.timeouts,
    api: o.apiPort !== undefined,
    peers: o.validators - 1,
    gossip: (tx: Uint8Array) => {
      for (const [j, v] of vs.entries()) if (j !== i) void v.admission.mempool.add(tx);
    },
    ...(i === 0 && o.onCommit ? { onCommit: o.onCommit } : {}),
    ...(o.checkpointInterval !== undefined ? { checkpointInterval: o.checkpointInterval } : {}),
    onError: (e: unknown) => report(i, e),
    onClose: (c: () => Promise<void> | void) => closers.push(c),
    transport: {
      broadcast: (m: Parameters<typeof encodeMessage>[0]) => {
        const b = encodeMessage(m);
        for (let j = 0; j < o.validators; j++) if (j !== i) deliver(j, i, b);
      },
      send: (peer: string, m: Parameters<typeof encodeMessage>[0]) =>
        deliver(Number(peer.slice(1)), i, encodeMessage(m)),
    },
    timers: {
      now: () => BigInt(Date.now()),
      after: (ms: number, f: () => unknown) => {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!stopped) void Promise.resolve(f()).catch((e) => report(i, e));
        }, ms);
        timers.add(t);
      },
    },
  });
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const a of apis) await a.close().catch(() => {});
    for (const v of vs) v.feeds?.backend.close();
    for (const t of timers) clearTimeout(t);
    // Each validator finishes the input it is handling before its stores close under it.
    await Promise.all(vs.map((v) => v.driver.close()));
    await Promise.all(vs.map((v) => v.feeds?.drain()));
    for (const t of timers) clearTimeout(t);
    for (const c of closers) await c();
  };
  try {
    for (let i = 0; i < o.validators; i++) vs.push(await openValidator(wiring(i)));
    resumedAt = vs[0]!.app.committed.height;
    // All at once: start() queues each driver's recovery before any message can reach it.
    await Promise.all(vs.map((v) => v.driver.start()));
    if (o.apiPort !== undefined) {
      for (const [i, v] of vs.entries()) {
        const port = o.apiPort === 0 ? 0 : o.apiPort + i;
        apis.push(await createApiServer({ backend: v.feeds!.backend, port, limits: LOCALNET_API_LIMITS }));
      }
    }
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
  return {
    chainId: genesis.chain_id,
    genesis,
    resumedAt,
    drivers: vs.map((v) => v.driver),
    apps: vs.map((v) => v.app),
    mempools: vs.map((v) => v.admission.mempool),
    backends: vs.flatMap((v) => (v.feeds ? [v.feeds.backend] : [])),
    apis,
    validators: vs,
    stop,
  };
}
