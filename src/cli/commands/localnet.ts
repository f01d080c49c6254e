/**
 * `tandem localnet`: start (or resume) a local network of validators in this process, on disk
 * under `--dir`, and print each committed block. Stops after `--blocks` heights if given, else
 * on Ctrl-C. The consensus application is the simulator's deterministic test application until
 * the consensus services exist (issue 5); runtimes come with the runtime host (issue 9).
 */
import type { Command } from 'commander';
import { startLocalnet } from '../../node/index.js';
import { SIM_TIMEOUTS, TestApp } from '../../sim/index.js';
import { CliError } from '../errors.js';

export function registerLocalnetCommand(program: Command): void {
  program
    .command('localnet')
    .description('start a local network of validators (BFT consensus on disk, in one process)')
    .option('--validators <n>', 'number of validators', '4')
    .option('--dir <dir>', 'data directory for keys, genesis and node state', '.tandem/localnet')
    .option('--blocks <n>', 'stop after this many committed heights')
    .action(async (o: { validators: string; dir: string; blocks?: string }) => {
      const n = Number(o.validators);
      const stopAt = o.blocks === undefined ? undefined : BigInt(o.blocks);
      if (!Number.isInteger(n)) throw new CliError(CliError.BAD_ARGUMENT, '--validators must be an integer');
      let resolveDone: () => void = () => {};
      const done = new Promise<void>((r) => (resolveDone = r));
      const t0 = Date.now();
      const net = await startLocalnet({
        dir: o.dir,
        validators: n,
        app: () => new TestApp(),
        timeouts: SIM_TIMEOUTS,
        onCommit: (h, txs) => {
          process.stdout.write(`height ${h} committed (${txs} txs) at +${Date.now() - t0} ms\n`);
          if (stopAt !== undefined && h >= stopAt) resolveDone();
        },
      });
      process.stdout.write(`localnet ${net.chainId}: ${n} validators, data in ${o.dir}\n`);
      process.once('SIGINT', resolveDone);
      await done;
      await net.stop();
    });
}
