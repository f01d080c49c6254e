/**
 * One validator of the in-process local network: its stores under `dir/v<i>/` (LevelDB trees,
 * app record, halt record, block store, WAL, signing state), its app (UED inline) with a checked
 * mempool, its BFT driver,
 * and, when the local network serves an API, the backend fed by the app's hooks; with a
 * checkpoint interval, the state-sync checkpoints it would serve.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWith, loadKey } from '../common/index.js';
import {
  BftDriver,
  blockCodec,
  type ChainContexts,
  FileSignStateStore,
  FileWal,
  LevelBlockStore,
  MAX_MESSAGE_BYTES,
  type Message,
  PrivValidator,
  type TimeoutConfig,
  type Timers,
  type Transport,
} from '../consensus/bft/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import { ChainApp, type ExecutedEvent, FileHaltStore } from '../domains/index.js';
import { LevelNodeDB } from '../mkvs/index.js';
import { type Admission, createAdmission } from './admission.js';
import { type ChainFeeds, createChainFeeds } from './chain-feeds.js';
import { CheckpointFiles } from './checkpoint-files.js';
import { CheckpointMaker } from './state-sync-checkpoints.js';

/** A block a validator committed, with both domain hashes. */
export interface ValidatorCommit {
  readonly height: bigint;
  readonly txs: number;
  readonly vedHash: Uint8Array;
  readonly uedHash: Uint8Array;
}

/** What one validator needs from the network around it. */
export interface ValidatorWiring {
  readonly dir: string;
  readonly genesis: GenesisDocument;
  readonly ctx: ChainContexts;
  readonly timeouts: TimeoutConfig;
  readonly transport: Transport<Message>;
  readonly timers: Timers;
  /** Build the API backend's feeds (when the local network serves an API). */
  readonly api: boolean;
  /** Peers this validator reports (the others of the local network). */
  readonly peers: number;
  /** Offer an admitted transaction to the other validators' mempools (in-process gossip). */
  readonly gossip: (tx: Uint8Array) => void;
  readonly onCommit?: (c: ValidatorCommit) => void;
  readonly onError: (e: unknown) => void;
  /** Registers what to close at shutdown (in order). */
  readonly onClose: (c: () => Promise<void> | void) => void;
  /** Make state-sync checkpoints at multiples of this height. */
  readonly checkpointInterval?: bigint;
}

/** An opened validator (its driver not started). */
export interface LocalValidator {
  readonly app: ChainApp;
  readonly admission: Admission;
  readonly driver: BftDriver;
  readonly feeds: ChainFeeds | undefined;
  readonly blocks: LevelBlockStore;
  readonly checkpoints: CheckpointMaker | undefined;
}

async function openApp(
  w: ValidatorWiring,
  blocks: LevelBlockStore,
  hooks: { feeds?: ChainFeeds; checkpoints?: CheckpointMaker },
): Promise<ChainApp> {
  const state = join(w.dir, 'state');
  mkdirSync(state, { recursive: true });
  const dbs = {
    ved: await LevelNodeDB.open(join(state, 'ved')),
    ued: await LevelNodeDB.open(join(state, 'ued')),
  };
  // Closers run in order: the app (its UED runner) stops before its databases close.
  let app: ChainApp | undefined;
  w.onClose(() => app?.close());
  w.onClose(() => dbs.ved.close());
  w.onClose(() => dbs.ued.close());
  const store = new FileSignStateStore(join(state, 'app.record'));
  if (w.checkpointInterval !== undefined) {
    const consensus = new FileSignStateStore(join(w.dir, 'consensus.state'));
    hooks.checkpoints = new CheckpointMaker({
      interval: w.checkpointInterval,
      dbs,
      appRecord: () => store.load(),
      consensusState: () => consensus.load(),
      files: new CheckpointFiles(join(state, 'checkpoints')),
    });
  }
  app = await ChainApp.create({
    genesis: w.genesis,
    nodeDb: (d) => dbs[d],
    store,
    haltStore: new FileHaltStore(join(state, 'halt.record')),
    blocks: async (h) => {
      const b = await blocks.block(h);
      return b === undefined ? undefined : decodeWith(blockCodec, b, { maxSize: MAX_MESSAGE_BYTES });
    },
    onExecuted: (e: ExecutedEvent) => {
      hooks.checkpoints?.onExecuted(e);
      hooks.feeds?.onExecuted(e);
    },
    onReport: (r) => hooks.feeds?.onReport(r),
    onAlert: (a) => hooks.feeds?.onAlert(a),
    onCommitted: (c) => {
      w.onCommit?.(c);
      void hooks.feeds?.onCommitted(c.height);
    },
  });
  await hooks.checkpoints?.restore();
  return app;
}

/** Open validator stores, app, mempool, driver and (with an API) the backend feeds. */
export async function openValidator(w: ValidatorWiring): Promise<LocalValidator> {
  const hooks: { feeds?: ChainFeeds; checkpoints?: CheckpointMaker } = {};
  const blocks = await LevelBlockStore.open(join(w.dir, 'blocks'));
  w.onClose(() => blocks.close());
  const app = await openApp(w, blocks, hooks);
  const admission = createAdmission(app, w.genesis.params.max_tx_bytes);
  const wal = FileWal.open(join(w.dir, 'wal'));
  w.onClose(() => wal.close());
  if (w.api) {
    const submit = async (tx: Uint8Array) => {
      const r = await admission.submit(tx);
      if (r.added) w.gossip(tx);
      return r;
    };
    const parts = { chainId: w.genesis.chain_id, genesis: w.genesis, app, blocks, submit };
    hooks.feeds = createChainFeeds({ ...parts, peers: () => w.peers, syncing: () => false }, w.onError);
  }
  const driver = new BftDriver({
    chainId: w.genesis.chain_id,
    genesis: {
      validators: w.genesis.validators.map((v) => ({ pubKey: v.public_key, power: v.power })),
      time: w.genesis.genesis_time_ms,
    },
    epochLength: w.genesis.params.epoch_interval,
    priv: new PrivValidator(
      loadKey(join(w.dir, 'consensus.pem')),
      new FileSignStateStore(join(w.dir, 'privval.state')),
      w.ctx,
    ),
    app,
    mempool: admission.mempool,
    wal,
    blocks,
    state: new FileSignStateStore(join(w.dir, 'consensus.state')),
    transport: w.transport,
    timers: w.timers,
    timeouts: w.timeouts,
  });
  return { app, admission, driver, feeds: hooks.feeds, blocks, checkpoints: hooks.checkpoints };
}
