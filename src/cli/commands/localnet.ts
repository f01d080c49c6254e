/**
 * `tandem localnet`: create (or reuse) a local network in `--dir` (keys, genesis, one config per
 * node) and run each validator as its own `tandem node` process on loopback ports; wait until
 * blocks are decided, print every node's endpoints, then a line of heights now and then. Ctrl-C
 * (or SIGTERM) stops every node cleanly; `--blocks N` stops once every node passed height N.
 * Starting again with the same `--dir` continues the same chain.
 */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import {
  LOCALNET_USERS,
  type LocalnetPlan,
  localnetUserKeyPath,
  prepareLocalnet,
  type RunningLocalnet,
  runLocalnet,
  type TandemCommand,
} from '../../node/index.js';
import { CliError } from '../errors.js';

/** `bin/tandem.js` of this installation (dist/src/cli/commands → the package root). */
const BIN = fileURLToPath(new URL('../../../../bin/tandem.js', import.meta.url));

function integer(v: string | undefined, what: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^[0-9]{1,9}$/.test(v) || n < min)
    throw new CliError(CliError.BAD_ARGUMENT, `${what} must be an integer ≥ ${min}`);
  return n;
}

function printEndpoints(plan: LocalnetPlan, running: string[]): void {
  const out = [`localnet ${plan.chainId}: ${running.length} nodes, data in ${plan.dir}`];
  for (const n of plan.nodes.filter((x) => running.includes(x.name))) {
    out.push(`  ${n.name}  api ${n.apiUrl}  metrics ${n.metricsUrl}`);
    out.push(`      p2p ${n.p2p}`);
    out.push(`      log ${n.home}/node.log`);
  }
  for (const d of ['ued', 'ved'] as const) {
    const keys = Array.from({ length: LOCALNET_USERS }, (_, j) => localnetUserKeyPath(plan.dir, d, j));
    out.push(`funded ${d} accounts (key files): ${keys.join(' ')}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function heightsLine(net: RunningLocalnet): Promise<{ line: string; min: bigint }> {
  const hs = await net.heights();
  let min: bigint | undefined;
  const parts = [...hs].map(([name, h]) => {
    if (h !== undefined && (min === undefined || h < min)) min = h;
    return `${name} ${h ?? 'down'}`;
  });
  return { line: `heights: ${parts.join(' · ')}`, min: min ?? 0n };
}

/** Print the heights when they change (at least every 30 s) until asked to stop or past `stopAt`. */
async function follow(net: RunningLocalnet, stopAt: bigint | undefined, asked: Promise<'stop'>) {
  let last = '';
  let at = 0;
  for (;;) {
    const { line, min } = await heightsLine(net);
    if (line !== last || Date.now() - at > 30_000) {
      process.stdout.write(`${line}\n`);
      last = line;
      at = Date.now();
    }
    if (stopAt !== undefined && min >= stopAt) return;
    const tick = new Promise((r) => setTimeout(r, 1000));
    if ((await Promise.race([tick, asked])) === 'stop') return;
  }
}

interface Opts {
  validators: string;
  fullNodes: string;
  dir: string;
  blocks?: string;
  epochInterval: string;
  basePort: string;
}

/** Register `tandem localnet`. */
export function registerLocalnetCommand(program: Command): void {
  program
    .command('localnet')
    .description('run a local network: one node process per validator, on loopback ports')
    .option('--validators <n>', 'number of validators', '4')
    .option('--full-nodes <n>', 'number of full nodes besides the validators', '0')
    .option('--dir <dir>', 'directory for keys, genesis, configs and node data', '.tandem/localnet')
    .option('--blocks <n>', 'stop once every node passed this height')
    .option('--epoch-interval <blocks>', 'blocks per epoch of a new genesis (at least 2)', '100')
    .option('--base-port <port>', 'first port; node k uses base+10k (p2p), +1 (API), +2 (metrics)', '26656')
    .action(async (o: Opts) => {
      const plan = prepareLocalnet({
        dir: o.dir,
        validators: integer(o.validators, '--validators', 1)!,
        fullNodes: integer(o.fullNodes, '--full-nodes', 0)!,
        epochInterval: BigInt(integer(o.epochInterval, '--epoch-interval', 2)!),
        basePort: integer(o.basePort, '--base-port', 1024)!,
      });
      const stopAt = o.blocks === undefined ? undefined : BigInt(integer(o.blocks, '--blocks', 1)!);
      const command: TandemCommand = [process.execPath, BIN];
      const net = runLocalnet(plan, {
        command,
        start: plan.nodes.map((n) => n.name),
        onExit: (name, e) =>
          process.stdout.write(`${name} exited (${e.signal ?? `code ${e.code}`}); see its node.log\n`),
      });
      let ask: () => void = () => {};
      const asked = new Promise<'stop'>((r) => (ask = () => r('stop')));
      process.once('SIGINT', ask);
      process.once('SIGTERM', ask);
      try {
        process.stdout.write(`starting ${plan.nodes.length} node processes…\n`);
        if ((await Promise.race([net.waitDecided(180_000), asked])) !== 'stop') {
          printEndpoints(plan, [...net.procs.keys()]);
          process.stdout.write('blocks are being decided; Ctrl-C stops every node\n');
          await follow(net, stopAt, asked);
        }
      } finally {
        process.stdout.write('stopping every node…\n');
        await net.stop();
        process.stdout.write('stopped\n');
      }
    });
}
