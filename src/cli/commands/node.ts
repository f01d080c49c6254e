/**
 * `tandem node --config FILE`: run one node until SIGINT or SIGTERM (or, when started by
 * `tandem localnet`, until the parent's IPC channel closes), then stop it cleanly: the API and
 * network first, then the driver, then the WAL and databases. A second signal exits at once.
 * `tandem node clear-halt --config FILE`: lift that node's divergence halt (APE-18) while it is
 * stopped, by deleting the halt record of its data directory.
 */
import type { Command } from 'commander';
import { clearNodeHalt, loadConfig, startNode } from '../../node/index.js';

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
  const node = program
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
  node
    .command('clear-halt')
    .description("lift a stopped node's divergence halt (deletes <data_dir>/state/halt.record)")
    .option('--config <file>', 'the YAML config file (required)')
    .action(async (o: { config?: string }, cmd: Command) => {
      // `node` declares --config too, and takes it when it follows the subcommand name.
      const file = o.config ?? node.opts<{ config?: string }>().config;
      if (file === undefined) cmd.error("error: required option '--config <file>' not specified");
      const r = await clearNodeHalt(loadConfig(file));
      if (!r.cleared) console.log('no halt record: the node is not halted');
      else if (r.evidence === undefined) console.log('halt cleared (its record was unreadable)');
      else console.log(`halt cleared (divergence at height ${r.evidence.height})`);
    });
}
