/**
 * A local network of validators in one process on real time: each validator is the real BFT
 * driver with its WAL, last-signed record, consensus state and LevelDB block store on disk under
 * `dir/v<i>/`, messages pass through the wire codec between them, and a genesis file fixes the
 * chain id and validator keys so that a second start resumes the same chain.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ed25519Signer, fromHex, loadKey, saveKey, toHex } from '../common/index.js';
import {
  type BftApplication,
  BftDriver,
  ChainContexts,
  decodeMessage,
  encodeMessage,
  FileSignStateStore,
  FileWal,
  LevelBlockStore,
  type Message,
  PrivValidator,
  type TimeoutConfig,
} from '../consensus/bft/index.js';
import { NodeError } from './errors.js';

/** Options of {@link startLocalnet}. */
export interface LocalnetOptions {
  dir: string;
  validators: number;
  /** The consensus application of validator `i` (its state survives via block replay). */
  app: (i: number) => BftApplication;
  timeouts: TimeoutConfig;
  /** Called with each block a validator commits (validator 0 only, to keep output readable). */
  onCommit?: (height: bigint, txs: number) => void;
  /** A validator failed to handle a message or timer (default: one line on stderr). */
  onError?: (validator: number, e: unknown) => void;
}

interface Genesis {
  chain_id: string;
  time_ms: number;
  validators: string[];
}

/** A running local network. */
export interface Localnet {
  drivers: BftDriver[];
  chainId: string;
  stop(): Promise<void>;
}

function genesisOf(dir: string, n: number): Genesis {
  const path = join(dir, 'genesis.json');
  if (existsSync(path)) {
    const g = JSON.parse(readFileSync(path, 'utf8')) as Genesis;
    if (g.validators.length !== n) {
      throw new NodeError(NodeError.GENESIS, `${path} has ${g.validators.length} validators, not ${n}`);
    }
    return g;
  }
  mkdirSync(dir, { recursive: true });
  const validators: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = Ed25519Signer.generate();
    mkdirSync(join(dir, `v${i}`), { recursive: true });
    saveKey(join(dir, `v${i}`, 'consensus.pem'), s);
    validators.push(toHex(s.publicKey));
  }
  const g = { chain_id: `tandem-localnet-${validators[0]!.slice(0, 8)}`, time_ms: Date.now(), validators };
  writeFileSync(path, `${JSON.stringify(g, null, 2)}\n`);
  return g;
}

/** Start (or resume) the local network in `dir`. */
export async function startLocalnet(o: LocalnetOptions): Promise<Localnet> {
  if (!Number.isInteger(o.validators) || o.validators < 1 || o.validators > 64) {
    throw new NodeError(NodeError.CONFIG, 'validators must be 1..64');
  }
  const g = genesisOf(o.dir, o.validators);
  const ctx = new ChainContexts(g.chain_id);
  const drivers: BftDriver[] = [];
  const blockStores: LevelBlockStore[] = [];
  const wals: FileWal[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const report =
    o.onError ??
    ((i: number, e: unknown) =>
      process.stderr.write(`localnet v${i}: ${e instanceof Error ? e.message : String(e)}\n`));
  const deliver = (to: number, from: number, bytes: Uint8Array) =>
    setImmediate(() => {
      if (!stopped) drivers[to]!.receive(`v${from}`, decodeMessage(bytes)).catch((e) => report(to, e));
    });
  for (let i = 0; i < o.validators; i++) {
    const home = join(o.dir, `v${i}`);
    const blocks = await LevelBlockStore.open(join(home, 'blocks'));
    const wal = FileWal.open(join(home, 'wal'));
    blockStores.push(blocks);
    wals.push(wal);
    const app = o.app(i);
    drivers.push(
      new BftDriver({
        chainId: g.chain_id,
        genesis: {
          validators: g.validators.map((v) => ({ pubKey: fromHex(v, 32), power: 10n })),
          time: BigInt(g.time_ms),
        },
        epochLength: 100n,
        priv: new PrivValidator(
          loadKey(join(home, 'consensus.pem')),
          new FileSignStateStore(join(home, 'privval.state')),
          ctx,
        ),
        app: i === 0 && o.onCommit ? withCommitHook(app, o.onCommit) : app,
        wal,
        blocks,
        state: new FileSignStateStore(join(home, 'consensus.state')),
        transport: {
          broadcast: (m: Message) => {
            const b = encodeMessage(m);
            for (let j = 0; j < o.validators; j++) if (j !== i) deliver(j, i, b);
          },
          send: (peer: string, m: Message) => deliver(Number(peer.slice(1)), i, encodeMessage(m)),
        },
        timers: {
          now: () => BigInt(Date.now()),
          after: (ms, f) => {
            const t = setTimeout(() => {
              timers.delete(t);
              if (!stopped) void Promise.resolve(f()).catch((e) => report(i, e));
            }, ms);
            timers.add(t);
          },
        },
        timeouts: o.timeouts,
      }),
    );
  }
  for (const d of drivers) await d.start();
  return {
    drivers,
    chainId: g.chain_id,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      for (const d of drivers) d.stop();
      for (const w of wals) w.close();
      for (const b of blockStores) await b.close();
    },
  };
}

function withCommitHook(app: BftApplication, hook: (h: bigint, txs: number) => void): BftApplication {
  let txs = 0;
  return {
    prepareProposal: (r) => app.prepareProposal(r),
    processProposal: (b) => app.processProposal(b),
    finalizeBlock: (b) => {
      txs = b.txs.length;
      return app.finalizeBlock(b);
    },
    commit: async (h) => {
      await app.commit(h);
      hook(h, txs);
    },
    committedHeight: () => app.committedHeight(),
    extendVote: (h) => app.extendVote(h),
    verifyVoteExtension: (v, h, e) => app.verifyVoteExtension(v, h, e),
  };
}
