/**
 * `tandem status` and `tandem block N`: what a node's API says about the chain, as aligned text
 * or, with `--json`, as the API's own JSON encoding on one line.
 */
import type { Command } from 'commander';
import { type BlockView, blockJ, type StatusView, statusJ } from '../../api/index.js';
import { toHex } from '../../common/index.js';
import { CliError } from '../errors.js';
import { clientOf, printFields, printJson, type RpcOptions, remote, withRpc } from '../rpc.js';

const time = (ms: number) => new Date(ms).toISOString();

function statusFields(s: StatusView): [string, string][] {
  return [
    ['chain', s.chain_id],
    ['height', String(s.height)],
    ['block', `${toHex(s.latest_block_hash)} at ${time(s.latest_block_time)}`],
    ['epoch', String(s.epoch)],
    ['ued', `height ${s.ued_height} (lag ${s.ued_lag})`],
    ['halted', s.halted ? 'YES: validators reported another UED hash (APE-18)' : 'no'],
    ['syncing', s.syncing ? 'yes' : 'no'],
    ['peers', String(s.peers)],
  ];
}

function blockFields(b: BlockView): [string, string][] {
  return [
    ['height', String(b.height)],
    ['hash', toHex(b.hash)],
    ['parent', toHex(b.parent_hash)],
    ['time', time(b.time)],
    ['proposer', toHex(b.proposer)],
    ['ved hash', toHex(b.ved_hash)],
    ['txs', String(b.tx_hashes.length)],
    ...b.tx_hashes.map((h) => ['tx', toHex(h)] as [string, string]),
  ];
}

/** Register `tandem status` and `tandem block`. */
export function registerChainCommands(program: Command): void {
  withRpc(program.command('status').description("print a node's view of the chain")).action(
    async (o: RpcOptions) => {
      const s = await remote(() => clientOf(o.rpc).status());
      if (o.json) printJson(statusJ.encode(s));
      else printFields(statusFields(s));
    },
  );
  withRpc(
    program.command('block').description('print a decided block').argument('<height>', 'block height'),
  ).action(async (height: string, o: RpcOptions) => {
    if (!/^[0-9]{1,15}$/.test(height) || Number(height) < 1) {
      throw new CliError(CliError.BAD_ARGUMENT, 'height must be an integer ≥ 1');
    }
    const b = await remote(() => clientOf(o.rpc).getBlock(Number(height)));
    if (b === null) throw new CliError(CliError.NOT_FOUND, `the node holds no block at height ${height}`);
    if (o.json) printJson(blockJ.encode(b));
    else printFields(blockFields(b));
  });
}
