/**
 * `tandem localnet`: start (or resume) a local network of validators running the real chain (the
 * BFT driver over the consensus app and its VED and UED trees) in this process, on disk under
 * `--dir`, serve each validator's JSON-RPC API on loopback (`--api-port` + i, unless `--no-api`)
 * and print the endpoints and the funded account keys, then each block validator 0 commits:
 * height, transaction count and the VED hash prefix. Stops after `--blocks` heights if given,
 * else on Ctrl-C. Runtimes come with the runtime host (issue 9).
 */
import type { Command } from 'commander';
import { toHex } from '../../common/index.js';
import { LOCALNET_USERS, type Localnet, localnetUserKeyPath, startLocalnet } from '../../node/index.js';
import { SIM_TIMEOUTS } from '../../sim/index.js';
import { CliError } from '../errors.js';

function integer(v: string | undefined, what: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^[0-9]{1,9}$/.test(v) || n < min)
    throw new CliError(CliError.BAD_ARGUMENT, `${what} must be an integer ≥ ${min}`);
  return n;
}

interface Options {
  validators: string;
  dir: string;
  blocks?: string;
  epochInterval: string;
  apiPort: string;
  api: boolean;
}

function printEndpoints(net: Localnet, dir: string): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  for (const [i, a] of net.apis.entries()) out(`validator ${i} api ${a.url} ws ${a.wsUrl}`);
  for (const d of ['ued', 'ved'] as const) {
    const keys = Array.from({ length: LOCALNET_USERS }, (_, j) => localnetUserKeyPath(dir, d, j));
    out(`funded ${d} accounts (key files): ${keys.join(' ')}`);
  }
}

/** Register `tandem localnet`. */
export function registerLocalnetCommand(program: Command): void {
  program
    .command('localnet')
    .description('start a local network of validators running the chain (on disk, in one process)')
    .option('--validators <n>', 'number of validators', '4')
    .option('--dir <dir>', 'data directory for keys, genesis and node state', '.tandem/localnet')
    .option('--blocks <n>', 'stop after this many committed heights')
    .option('--epoch-interval <blocks>', 'blocks per epoch of a new genesis (at least 2)', '100')
    .option(
      '--api-port <port>',
      'API port of validator 0 (validator i uses port + i; 0 picks free ports)',
      '26657',
    )
    .option('--no-api', 'serve no API')
    .action(async (o: Options) => {
      const n = integer(o.validators, '--validators', 1)!;
      const apiPort = o.api ? integer(o.apiPort, '--api-port', 0) : undefined;
      const blocks = integer(o.blocks, '--blocks', 1);
      const epochInterval = BigInt(integer(o.epochInterval, '--epoch-interval', 2)!);
      const stopAt = blocks === undefined ? undefined : BigInt(blocks);
      let resolveDone: () => void = () => {};
      const done = new Promise<void>((r) => (resolveDone = r));
      const t0 = Date.now();
      const net = await startLocalnet({
        dir: o.dir,
        validators: n,
        epochInterval,
        timeouts: SIM_TIMEOUTS,
        ...(apiPort !== undefined ? { apiPort } : {}),
        onCommit: (c) => {
          const ved = toHex(c.vedHash).slice(0, 16);
          process.stdout.write(
            `height ${c.height} committed (${c.txs} txs) ved ${ved} at +${Date.now() - t0} ms\n`,
          );
          if (stopAt !== undefined && c.height >= stopAt) resolveDone();
        },
      });
      const h = net.apps[0]!.committed.height;
      process.stdout.write(
        `localnet ${net.chainId}: ${n} validators from height ${net.resumedAt}, data in ${o.dir}\n`,
      );
      printEndpoints(net, o.dir);
      if (stopAt !== undefined && h >= stopAt) resolveDone();
      process.once('SIGINT', resolveDone);
      await done;
      await net.stop();
    });
}
