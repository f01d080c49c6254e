/**
 * Real node processes on loopback for the end-to-end tests: a localnet prepared in a temporary
 * directory with short consensus timeouts and a random port range, its nodes started as
 * `tandem node` children, heights read from their metrics endpoints, and the decided blocks of
 * every node compared once they stopped.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { TandemClient } from '../../src/client/index.js';
import { addressFromPublicKey, bytesEqual, type Signer } from '../../src/common/index.js';
import { LevelBlockStore } from '../../src/consensus/bft/index.js';
import { signTransaction } from '../../src/consensus/index.js';
import {
  type LocalnetPlan,
  prepareLocalnet,
  type RunningLocalnet,
  runLocalnet,
  scrapeHeight,
} from '../../src/node/index.js';
import { quantityRaw } from './chain-app.js';
import { cliPath } from './paths.js';
import { reserveBasePort } from './ports.js';

/** Short loopback timeouts (the brief of the e2e tests: 300–500 ms). */
export const E2E_TIMEOUTS = {
  propose_ms: 500,
  propose_delta_ms: 100,
  prevote_ms: 300,
  prevote_delta_ms: 100,
  precommit_ms: 300,
  precommit_delta_ms: 100,
  commit_ms: 100,
};

/** A localnet of real processes in a temporary directory. */
export interface ProcNet {
  readonly plan: LocalnetPlan;
  readonly net: RunningLocalnet;
  height(name: string): Promise<bigint | undefined>;
  /** Wait until `name` reports a height of at least `h`. */
  reach(name: string, h: bigint, ms?: number): Promise<void>;
  /** Highest height any running node reports. */
  top(): Promise<bigint>;
  /** Start (or restart) a node of the plan. */
  start(name: string): void;
}

/**
 * Prepare a localnet in a temporary directory and start its validators; `patch` may edit the
 * node configs (plain objects as read from each YAML file) before anything starts.
 */
export function startProcNet(
  validators: number,
  fullNodes = 0,
  patch?: (name: string, config: Record<string, unknown>) => void,
): ProcNet {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const basePort = reserveBasePort();
  const plan = prepareLocalnet({
    dir,
    validators,
    fullNodes,
    epochInterval: 4n,
    basePort,
    timeouts: E2E_TIMEOUTS,
    logLevel: 'debug',
  });
  if (patch) {
    for (const n of plan.nodes) {
      const doc = parseYaml(readFileSync(n.configPath, 'utf8')) as Record<string, unknown>;
      patch(n.name, doc);
      writeFileSync(n.configPath, stringifyYaml(doc));
    }
  }
  const net = runLocalnet(plan, { command: [process.execPath, cliPath] });
  const url = (name: string) => plan.nodes.find((n) => n.name === name)!.metricsUrl;
  const height = (name: string) => scrapeHeight(url(name));
  return {
    plan,
    net,
    height,
    reach: async (name, h, ms = 90_000) => {
      const end = Date.now() + ms;
      for (;;) {
        const now = await height(name);
        if (now !== undefined && now >= h) return;
        if (Date.now() > end) assert.fail(`${name} did not reach height ${h} (at ${now}) in ${plan.dir}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    top: async () => {
      const hs = [...(await net.heights()).values()].filter((h) => h !== undefined);
      return [0n, ...hs].sort((a, b) => (a < b ? 1 : -1))[0]!;
    },
    start: (name) => net.launch(name),
  };
}

/** True when `name`'s log shows blocks received by block sync (the tests log at debug level). */
export function syncedByBlockSync(plan: LocalnetPlan, name: string): boolean {
  return readFileSync(join(plan.dir, name, 'node.log'), 'utf8').includes('"msg":"blocks received"');
}

/** Stop every node; on success remove the directory (a failure keeps it and its logs). */
export async function stopProcNet(p: ProcNet, ok: boolean): Promise<void> {
  await p.net.stop();
  if (ok) rmSync(p.plan.dir, { recursive: true, force: true });
}

/**
 * Open every node's block store (nodes stopped) and check that all hold the same block bytes at
 * every height they share; returns the lowest top height.
 */
export async function assertNoFork(plan: LocalnetPlan, names: string[]): Promise<bigint> {
  const stores = await Promise.all(
    names.map((n) => LevelBlockStore.open(join(plan.dir, n, 'data', 'blocks'))),
  );
  try {
    const common = stores.map((s) => s.height()).sort((a, b) => (a < b ? -1 : 1))[0]!;
    for (let h = 1n; h <= common; h++) {
      const first = (await stores[0]!.block(h))!;
      for (const [i, s] of stores.entries()) {
        assert.ok(bytesEqual((await s.block(h))!, first), `${names[i]} has another block at height ${h}`);
      }
    }
    return common;
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
}

/** A signed transfer of `amount` from `from` (nonce 0 unless given) to `to`. */
export function transferTx(
  chainContext: string,
  from: Signer,
  to: Uint8Array,
  amount: bigint,
  nonce = 0n,
): Uint8Array {
  const payer = addressFromPublicKey(from.publicKey);
  return signTransaction(from, chainContext, {
    nonce,
    fee: { amount: 10n, gas: 100_000n },
    method: 'system.Transfer',
    body: { to, amount: quantityRaw(amount) },
    accounts: [
      { address: payer, writable: true },
      { address: to, writable: true },
    ],
  });
}

/** A client of a node of the plan. */
export function clientOf(plan: LocalnetPlan, name: string): TandemClient {
  return new TandemClient({ url: plan.nodes.find((n) => n.name === name)!.apiUrl, timeoutMs: 20_000 });
}
