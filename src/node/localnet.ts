/**
 * The files of a multi-process local network in one directory: the keys and genesis of
 * localnet-genesis.ts, and one config per node (`v<i>/node.yaml` for validator i, `f<j>/node.yaml`
 * for full node j), each node keeping its data in `<node>/data` and listening on loopback. Node k
 * (validators first, then full nodes) uses ports `basePort + 10k` (p2p), `+1` (API) and `+2`
 * (metrics). Every node bootstraps to every validator. A config already on disk is kept, so a
 * second start with the same directory runs the same nodes on the same ports.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKey, writeNodeKeys } from '../common/index.js';
import { peerIdFromP2pKey } from '../p2p/index.js';
import { configToYaml, loadConfig, type NodeConfig } from './config.js';
import { NodeError } from './errors.js';
import { localnetGenesis } from './localnet-genesis.js';

/** Consensus timeouts of a localnet config (milliseconds; omitted ones take the node defaults). */
export interface LocalnetTimeouts {
  propose_ms?: number;
  propose_delta_ms?: number;
  prevote_ms?: number;
  prevote_delta_ms?: number;
  precommit_ms?: number;
  precommit_delta_ms?: number;
  commit_ms?: number;
  empty_block_wait_ms?: number;
}

/** Options of {@link prepareLocalnet}. */
export interface PrepareLocalnetOptions {
  dir: string;
  validators: number;
  /** Full nodes to prepare configs for (default 0); they start only if asked to. */
  fullNodes?: number;
  /** Blocks per epoch of a new genesis (default 100). */
  epochInterval?: bigint;
  /** First port (default 26656). */
  basePort?: number;
  /** Consensus timeouts written into new configs (default: loopback values, about 2 blocks/s). */
  timeouts?: LocalnetTimeouts;
  logLevel?: NodeConfig['log_level'];
}

/** One node of a prepared localnet. */
export interface LocalnetNode {
  /** `v<i>` or `f<j>`. */
  readonly name: string;
  readonly role: 'validator' | 'full';
  readonly home: string;
  readonly configPath: string;
  readonly config: NodeConfig;
  /** Its p2p address with its peer id. */
  readonly p2p: string;
  readonly apiUrl: string;
  readonly metricsUrl: string;
}

/** A prepared localnet. */
export interface LocalnetPlan {
  readonly dir: string;
  readonly chainId: string;
  readonly nodes: LocalnetNode[];
}

/**
 * Loopback timeouts: rounds fail over within about a second. A proposer proposes as soon as it
 * holds a transaction (the commit wait is short), and while idle waits up to 400 ms for one, so
 * empty blocks come about every half second.
 */
export const LOCALNET_TIMEOUTS: LocalnetTimeouts = {
  propose_ms: 1000,
  propose_delta_ms: 250,
  prevote_ms: 300,
  prevote_delta_ms: 150,
  precommit_ms: 300,
  precommit_delta_ms: 150,
  commit_ms: 100,
  empty_block_wait_ms: 400,
};

const addr = (port: number) => `/ip4/127.0.0.1/tcp/${port}`;

function writeConfig(path: string, o: PrepareLocalnetOptions, k: number, bootstrap: string[], full: boolean) {
  const port = (o.basePort ?? 26656) + 10 * k;
  const doc = {
    data_dir: 'data',
    genesis_file: '../genesis.json',
    keys_dir: '.',
    role: full ? 'full' : 'validator',
    log_level: o.logLevel ?? 'info',
    p2p: { listen: [addr(port)], bootstrap, heartbeat_ms: 200 },
    // Loopback only: the load generator must not be rate limited.
    api: { host: '127.0.0.1', port: port + 1, limits: { rate_per_second: 100_000, rate_burst: 100_000 } },
    metrics: { host: '127.0.0.1', port: port + 2 },
    consensus: { timeouts: { ...LOCALNET_TIMEOUTS, ...o.timeouts } },
  };
  writeFileSync(path, `# tandem localnet node ${k} (edit freely; see docs/config.md)\n${configToYaml(doc)}`);
}

function nodeOf(name: string, home: string): LocalnetNode {
  const configPath = join(home, 'node.yaml');
  const c = loadConfig(configPath);
  const peer = peerIdFromP2pKey(loadKey(join(home, 'p2p.pem')).publicKey);
  return {
    name,
    role: c.role,
    home,
    configPath,
    config: c,
    p2p: `${c.p2p.listen[0]}/p2p/${peer}`,
    apiUrl: `http://${c.api.host}:${c.api.port}/`,
    metricsUrl: `http://${c.metrics.host}:${c.metrics.port}/metrics`,
  };
}

/** Create (or find) the keys, genesis and configs of a localnet in `o.dir`. */
export function prepareLocalnet(o: PrepareLocalnetOptions): LocalnetPlan {
  const full = o.fullNodes ?? 0;
  if (!Number.isInteger(o.validators) || o.validators < 1 || o.validators > 64) {
    throw new NodeError(NodeError.CONFIG, 'validators must be 1..64');
  }
  if (!Number.isInteger(full) || full < 0 || full > 16)
    throw new NodeError(NodeError.CONFIG, 'full nodes must be 0..16');
  const genesis = localnetGenesis({
    dir: o.dir,
    validators: o.validators,
    epochInterval: o.epochInterval ?? 100n,
  });
  const names = [
    ...Array.from({ length: o.validators }, (_, i) => `v${i}`),
    ...Array.from({ length: full }, (_, j) => `f${j}`),
  ];
  const validatorAddrs = names.slice(0, o.validators).map((name, i) => {
    const peer = peerIdFromP2pKey(loadKey(join(o.dir, name, 'p2p.pem')).publicKey);
    return `${addr((o.basePort ?? 26656) + 10 * i)}/p2p/${peer}`;
  });
  names.forEach((name, k) => {
    const home = join(o.dir, name);
    const isFull = k >= o.validators;
    if (isFull && !existsSync(join(home, 'p2p.pem'))) {
      mkdirSync(home, { recursive: true, mode: 0o700 });
      writeNodeKeys(home);
    }
    const path = join(home, 'node.yaml');
    if (!existsSync(path))
      writeConfig(
        path,
        o,
        k,
        validatorAddrs.filter((_, i) => i !== k),
        isFull,
      );
  });
  return { dir: o.dir, chainId: genesis.chain_id, nodes: names.map((n) => nodeOf(n, join(o.dir, n))) };
}
