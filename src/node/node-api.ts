/**
 * The node's API side: the chain backend with its feeds (chain-feeds.ts) over the app, block
 * store and mempool admission, and the JSON-RPC server over it with the config's limits. The
 * execution-status threshold of the config (`"5%"` or an amount) becomes the backend's default.
 */
import { type ApiLimits, type ApiServer, createApiServer } from '../api/index.js';
import type { Logger } from '../common/index.js';
import type { BlockStore } from '../consensus/bft/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import type { ChainApp } from '../domains/index.js';
import type { SubmitOutcome } from './chain-backend.js';
import { type ChainFeeds, createChainFeeds } from './chain-feeds.js';
import type { NodeConfig } from './config.js';
import { membershipAt } from './views.js';

/** The API limits of the config (the rest keep the server's defaults). */
export function apiLimitsOf(c: NodeConfig): Partial<ApiLimits> {
  const l = c.api.limits;
  return {
    maxBodyBytes: l.max_body_bytes,
    maxBatch: l.max_batch,
    ratePerSecond: l.rate_per_second,
    rateBurst: l.rate_burst,
    maxSubscriptions: l.max_subscriptions,
    maxWaiters: l.max_waiters,
    defaultWaitMs: l.default_wait_ms,
    maxWaitMs: l.max_wait_ms,
  };
}

/**
 * The default execution-status threshold: an amount as given; a percentage of the stake in force
 * now, rounded up (5% is left to the backend, which follows the stake across epochs).
 */
export async function defaultMinStake(c: NodeConfig, app: ChainApp): Promise<bigint | undefined> {
  const t = c.execution_status.default_min_stake;
  if (!t.endsWith('%')) return BigInt(t);
  const pct = BigInt(t.slice(0, -1));
  if (pct === 5n) return undefined;
  const h = app.committed.height;
  const m = await membershipAt(app.vedTree, app.programs.params.epochs, h + 1n, h);
  const total = m.members.reduce((s, x) => s + x.stake, 0n);
  return (total * pct + 99n) / 100n;
}

/** What the API side needs from the node. */
export interface ApiParts {
  readonly chainId: string;
  readonly genesis: GenesisDocument;
  readonly app: ChainApp;
  readonly blocks: BlockStore;
  submit(tx: Uint8Array): Promise<SubmitOutcome>;
  peers(): number;
  syncing(): boolean;
}

/** The backend and its feeds (created before the driver starts, so no commit is missed). */
export async function openFeeds(c: NodeConfig, p: ApiParts, log: Logger): Promise<ChainFeeds> {
  const min = await defaultMinStake(c, p.app);
  return createChainFeeds({ ...p, ...(min !== undefined ? { defaultMinStake: min } : {}) }, (e) =>
    log.warn({ reason: (e as Error).message }, 'api feed failed'),
  );
}

/** Serve the JSON-RPC API over `feeds`, or nothing when the config disables it. */
export async function openApi(c: NodeConfig, feeds: ChainFeeds, log: Logger): Promise<ApiServer | undefined> {
  if (!c.api.enabled) return undefined;
  return createApiServer({
    backend: feeds.backend,
    host: c.api.host,
    port: c.api.port,
    limits: apiLimitsOf(c),
    logger: log,
  });
}
