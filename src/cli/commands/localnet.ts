/**
 * `tandem localnet`: will start a local network of validators with the example runtimes. Until
 * the node exists it says so and what the CLI can already do, and exits with success, so that
 * `npm start` on a fresh clone tells the truth instead of failing.
 */
import type { Command } from 'commander';

export function registerLocalnetCommand(program: Command): void {
  program
    .command('localnet')
    .description('start a local network (not built yet: prints the status)')
    .option('--validators <n>', 'number of validators', '4')
    .option('--dir <dir>', 'data directory for keys, genesis and node state')
    .action(() => {
      process.stdout.write(
        [
          'tandem localnet: the local network is not built yet.',
          'What works today:',
          '  npx tandem keys generate --dir ./keys/node0   create a node key set',
          '  npx tandem keys show --dir ./keys/node0       print its public keys and address',
          '  npm test                                      run the test suite',
          'See README.md ("Status") for the plan.',
          '',
        ].join('\n'),
      );
    });
}
