/**
 * Running a prepared localnet: one child process per node (node-process.ts), a wait until blocks
 * are decided (every running node reports a height above the one it started at, read from its
 * metrics endpoint), and a stop that sends SIGTERM to every node and waits for each to exit.
 */
import { join } from 'node:path';
import { NodeError } from './errors.js';
import type { LocalnetNode, LocalnetPlan } from './localnet.js';
import { type ChildExit, NodeProcess, scrapeHeight, type TandemCommand } from './node-process.js';

/** A running localnet. */
export interface RunningLocalnet {
  readonly plan: LocalnetPlan;
  /** The processes, by node name. */
  readonly procs: Map<string, NodeProcess>;
  /** Current height of each node (undefined when unreachable), by node name. */
  heights(): Promise<Map<string, bigint | undefined>>;
  /** Resolves once every running node decided a block beyond where it started. */
  waitDecided(timeoutMs: number): Promise<void>;
  /** Start (or restart) a node of the plan, e.g. a full node later, or one that was killed. */
  launch(name: string): void;
  /** SIGTERM every node and wait for all to exit. */
  stop(): Promise<void>;
}

/** Options of {@link runLocalnet}. */
export interface RunLocalnetOptions {
  command: TandemCommand;
  /** Node names to start (default: every validator). */
  start?: string[];
  /** Hears a node that exits while the localnet runs. */
  onExit?: (node: string, e: ChildExit) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start the nodes of `plan`. */
export function runLocalnet(plan: LocalnetPlan, o: RunLocalnetOptions): RunningLocalnet {
  const names = o.start ?? plan.nodes.filter((n) => n.role === 'validator').map((n) => n.name);
  const byName = new Map(plan.nodes.map((n) => [n.name, n]));
  const procs = new Map<string, NodeProcess>();
  let stopping = false;
  const launch = (name: string) => {
    const n: LocalnetNode | undefined = byName.get(name);
    if (n === undefined) throw new NodeError(NodeError.CONFIG, `no node ${name} in ${plan.dir}`);
    let p = procs.get(name);
    if (p === undefined) {
      p = new NodeProcess(name, o.command, n.configPath, join(n.home, 'node.log'));
      procs.set(name, p);
    }
    p.start((e) => {
      if (!stopping) o.onExit?.(name, e);
    });
  };
  for (const name of names) launch(name);
  const heights = async () => {
    const keys = [...procs.keys()];
    const hs = await Promise.all(keys.map((name) => scrapeHeight(byName.get(name)!.metricsUrl)));
    return new Map(keys.map((name, i) => [name, hs[i]]));
  };
  const waitDecided = async (timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    const first = new Map<string, bigint>();
    for (;;) {
      const hs = await heights();
      const live = [...procs].filter(([, p]) => p.running).map(([name]) => name);
      if (live.length === 0) throw new NodeError(NodeError.CHILD, 'every node process exited');
      for (const name of live) {
        const h = hs.get(name);
        if (h !== undefined && !first.has(name)) first.set(name, h);
      }
      if (live.every((name) => (hs.get(name) ?? -1n) > (first.get(name) ?? 0n))) return;
      if (Date.now() > end) {
        throw new NodeError(NodeError.CHILD, `no block decided within ${timeoutMs} ms (see the node logs)`);
      }
      await sleep(250);
    }
  };
  return {
    plan,
    procs,
    heights,
    waitDecided,
    launch,
    stop: async () => {
      stopping = true;
      await Promise.all([...procs.values()].map((p) => p.stop('SIGTERM')));
    },
  };
}
