/**
 * The node's API side: the chain backend with its feeds (chain-feeds.ts) over the app, block
 * store and mempool admission, and the JSON-RPC server over it with the config's limits. The
 * execution-status threshold of the config becomes the app's confirmation share (`"5%"`) or the
 * backend's default amount.
 */
import { type ApiLimits, type ApiServer, createApiServer } from '../api/index.js';
import type { Logger } from '../common/index.js';
import type { ChainBackendParts } from './chain-backend.js';
import { type ChainFeeds, createChainFeeds } from './chain-feeds.js';
import type { NodeConfig } from './config.js';

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
 * The default execution-status threshold as the app's confirmation share (APE-20): a percentage
 * of the config (`"5%"` → 5/100 of the stake in force, followed across epochs by the app), or
 * undefined when the config gives an amount (see {@link defaultMinStake}) or nothing (the genesis
 * parameter `confirm_stake_bps` then applies, else 5%).
 */
export function confirmStakeOf(c: NodeConfig): { numerator: bigint; denominator: bigint } | undefined {
  const t = c.execution_status.default_min_stake;
  if (t === undefined) return undefined;
  return t.endsWith('%') ? { numerator: BigInt(t.slice(0, -1)), denominator: 100n } : undefined;
}

/** The leader's UED gas budget per proposal (`consensus.max_block_ued_gas`), if configured. */
export function uedGasBudgetOf(c: NodeConfig): bigint | undefined {
  const g = c.consensus.max_block_ued_gas;
  return g === undefined ? undefined : BigInt(g);
}

/** The default threshold as an amount of stake, when the config gives one (else the app's share). */
export function defaultMinStake(c: NodeConfig): bigint | undefined {
  const t = c.execution_status.default_min_stake;
  if (t === undefined) return undefined;
  return t.endsWith('%') ? undefined : BigInt(t);
}

/** What the API side needs from the node: the backend's parts the config does not decide. */
export type ApiParts = Pick<
  ChainBackendParts,
  'chainId' | 'genesis' | 'app' | 'blocks' | 'submit' | 'peers' | 'syncing' | 'archive'
>;

/** The backend and its feeds (created before the driver starts, so no commit is missed). */
export function openFeeds(c: NodeConfig, p: ApiParts, log: Logger): ChainFeeds {
  const min = defaultMinStake(c);
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
