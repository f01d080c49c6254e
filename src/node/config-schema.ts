/**
 * The node's YAML configuration as a zod schema: every object is strict (an unknown key is an
 * error naming its path), every number bounded, and every section optional with documented
 * defaults (docs/config.md restates each option). Paths are resolved by `config.ts`.
 */
import { z } from 'zod';
import { compactStoreProblem } from './ued-store.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const ms = int(1, 600_000);

/** A libp2p multiaddr; bootstrap addresses must also name the peer (`/p2p/<peer id>`). */
const multiaddr = z
  .string()
  .max(256)
  .regex(/^(\/[A-Za-z0-9._-]+)+$/, 'must be a multiaddr such as /ip4/127.0.0.1/tcp/26656');
const peerAddr = multiaddr.regex(/\/p2p\/[1-9A-HJ-NP-Za-km-z]{40,60}$/, 'must end in /p2p/<peer id>');
const peerId = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{40,60}$/, 'must be a peer id (12D3KooW…)');

const timeouts = z.strictObject({
  propose_ms: ms.default(1000),
  propose_delta_ms: ms.default(500),
  prevote_ms: ms.default(500),
  prevote_delta_ms: ms.default(250),
  precommit_ms: ms.default(500),
  precommit_delta_ms: ms.default(250),
  commit_ms: int(0, 600_000).default(100),
  empty_block_wait_ms: int(0, 600_000).default(0),
});

const p2p = z.strictObject({
  listen: z.array(multiaddr).min(1).max(16).default(['/ip4/0.0.0.0/tcp/26656']),
  bootstrap: z.array(peerAddr).max(256).default([]),
  registered_peers: z.array(peerId).max(1024).default([]),
  heartbeat_ms: int(50, 60_000).default(1000),
  request_timeout_ms: ms.default(10_000),
});

const apiLimits = z.strictObject({
  max_body_bytes: int(1024, 64 * 1024 * 1024).default(2 * 1024 * 1024 + 4096),
  max_batch: int(1, 10_000).default(50),
  rate_per_second: int(1, 1_000_000).default(100),
  rate_burst: int(1, 1_000_000).default(200),
  max_subscriptions: int(0, 10_000).default(16),
  max_waiters: int(0, 1_000_000).default(1000),
  default_wait_ms: ms.default(30_000),
  max_wait_ms: ms.default(120_000),
});

const api = z.strictObject({
  enabled: z.boolean().default(true),
  host: z.string().min(1).max(255).default('127.0.0.1'),
  port: int(0, 65_535).default(8545),
  limits: apiLimits.prefault({}),
});

const metrics = z.strictObject({
  enabled: z.boolean().default(true),
  host: z.string().min(1).max(255).default('127.0.0.1'),
  port: int(0, 65_535).default(9100),
});

const mempool = z.strictObject({
  max_txs: int(1, 10_000_000).default(10_000),
  max_bytes: int(1024, 4 * 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  max_per_sender: int(1, 1_000_000).default(64),
});

/** `"5%"` of the total stake, or an absolute stake amount as a decimal string. */
const threshold = z
  .string()
  .regex(/^(100|[1-9]?[0-9])%$|^[0-9]{1,30}$/, 'must be a percentage such as "5%" or a stake amount');

/** The configuration schema (snake_case keys, as written in the YAML file). */
export const configSchema = z
  .strictObject({
    data_dir: z.string().min(1).max(4096),
    genesis_file: z.string().min(1).max(4096),
    keys_dir: z.string().min(1).max(4096),
    role: z.enum(['validator', 'full']).default('validator'),
    log_level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
    p2p: p2p.prefault({}),
    api: api.prefault({}),
    metrics: metrics.prefault({}),
    consensus: z
      .strictObject({
        timeouts: timeouts.prefault({}),
        gossip_ms: int(10, 60_000).default(1000),
        max_block_txs: int(1, 100_000).default(5000),
        max_block_ued_gas: z
          .string()
          .regex(/^[1-9][0-9]{0,18}$/, 'must be a positive gas amount')
          .optional(),
      })
      .prefault({}),
    mempool: mempool.prefault({}),
    ued: z
      .strictObject({
        mode: z.enum(['async', 'sync']).default('async'),
        /** Where the UED state lives (ued-store.ts): `auto` = compact when it can serve, else nodes. */
        store: z.enum(['auto', 'compact', 'nodes']).default('auto'),
      })
      .prefault({}),
    execution_status: z.strictObject({ default_min_stake: threshold.optional() }).prefault({}),
    state_sync: z
      .strictObject({
        enabled: z.boolean().default(false),
        checkpoint_interval: int(0, 1_000_000_000).default(0),
        checkpoints_kept: int(1, 16).default(2),
        peer_wait_ms: ms.default(10_000),
        trust_height: int(1, Number.MAX_SAFE_INTEGER).optional(),
        trust_hash: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'must be a block hash: 64 lowercase hex digits')
          .optional(),
      })
      .refine((s) => (s.trust_height === undefined) === (s.trust_hash === undefined), {
        message: 'trust_height and trust_hash go together: give both or neither',
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    const problem = c.ued.store === 'compact' ? compactStoreProblem(c.ued.mode) : undefined;
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['ued', 'store'], message: problem });
  });

/** The configuration as validated (defaults filled in, paths not yet resolved). */
export type RawConfig = z.output<typeof configSchema>;
