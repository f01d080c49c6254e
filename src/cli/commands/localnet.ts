/**
 * `tandem localnet`: start (or resume) a local network of validators running the real chain (the
 * BFT driver over the consensus app and its VED and UED trees) in this process, on disk under
 * `--dir`, and print each block validator 0 commits: height, transaction count and the VED hash
 * prefix. Stops after `--blocks` heights if given, else on Ctrl-C. Runtimes come with the runtime
 * host (issue 9).
 */
import type { Command } from 'commander';
import { toHex } from '../../common/index.js';
import { startLocalnet } from '../../node/index.js';
import { SIM_TIMEOUTS } from '../../sim/index.js';
import { CliError } from '../errors.js';

function integer(v: string | undefined, what: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^[0-9]{1,9}$/.test(v) || n < min)
    throw new CliError(CliError.BAD_ARGUMENT, `${what} must be an integer ≥ ${min}`);
  return n;
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
    .action(async (o: { validators: string; dir: string; blocks?: string; epochInterval: string }) => {
      const n = integer(o.validators, '--validators', 1)!;
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
      if (stopAt !== undefined && h >= stopAt) resolveDone();
      process.once('SIGINT', resolveDone);
      await done;
      await net.stop();
    });
}
