/**
 * `tandem node --config FILE`: run one node until SIGINT or SIGTERM (or, when started by
 * `tandem localnet`, until the parent's IPC channel closes), then stop it cleanly: the API and
 * network first, then the driver, then the WAL and databases. A second signal exits at once.
 */
import type { Command } from 'commander';
import { loadConfig, startNode } from '../../node/index.js';

/** Resolves on the first stop request; a second one ends the process without waiting. */
function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    let asked = false;
    const on = (why: string) => () => {
      if (asked) process.exit(130);
      asked = true;
      resolve(why);
    };
    process.on('SIGINT', on('SIGINT'));
    process.on('SIGTERM', on('SIGTERM'));
    if (process.connected) process.on('disconnect', on('parent gone'));
  });
}

/** Register `tandem node`. */
export function registerNodeCommand(program: Command): void {
  program
    .command('node')
    .description('run a node (validator or full node) from a YAML config (see docs/config.md)')
    .requiredOption('--config <file>', 'the YAML config file')
    .action(async (o: { config: string }) => {
      const config = loadConfig(o.config);
      const stop = stopRequested();
      const node = await startNode(config);
      await stop;
      await node.stop();
      // libp2p and LevelDB may leave idle handles behind; everything is flushed and closed.
      process.exit(process.exitCode ?? 0);
    });
}
