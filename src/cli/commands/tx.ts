/**
 * `tandem tx transfer|delegate|undelegate|remap|vote-account …`: build a consensus transaction,
 * sign it with a key file (`--key`, as `tandem keys generate` or `tandem localnet` write them),
 * submit it to `--rpc`, wait for its execution status and print the receipt (tx-send.ts). Bodies
 * are encoded by the owning program's own codecs.
 */
import type { Command } from 'commander';
import {
  addEscrowBodyCodec,
  METHOD_ADD_ESCROW,
  METHOD_RECLAIM_ESCROW,
  reclaimEscrowBodyCodec,
} from '../../services/staking/index.js';
import {
  METHOD_REQUEST_REMAP,
  METHOD_TRANSFER,
  requestRemapCodec,
  transferCodec,
} from '../../services/system/index.js';
import { CliError } from '../errors.js';
import { addressArg, amountArg } from '../rpc.js';
import { bodyOf, txCommand } from './tx-command.js';
import { registerVoteAccountCommands } from './tx-vote.js';

/** Register `tandem tx …`. */
export function registerTxCommands(program: Command): void {
  const tx = program
    .command('tx')
    .description('build, sign and submit transactions, then print their receipts');
  txCommand<{ to: string; amount: string }>(
    tx,
    'transfer',
    'move an amount to another account (in the sender’s domain)',
    (c) =>
      c
        .requiredOption('--to <address>', 'receiving account')
        .requiredOption('--amount <amount>', 'base units'),
    (o) => {
      const to = addressArg(o.to, '--to');
      const amount = amountArg(o.amount, '--amount');
      return () => ({
        method: METHOD_TRANSFER,
        body: bodyOf(transferCodec, { to, amount }),
        accounts: [{ address: to, writable: true }],
      });
    },
  );
  txCommand<{ to: string; amount: string }>(
    tx,
    'delegate',
    'escrow an amount to an account (a vote account address to stake a validator)',
    (c) =>
      c.requiredOption('--to <address>', 'escrow account').requiredOption('--amount <amount>', 'base units'),
    (o) => {
      const account = addressArg(o.to, '--to');
      const amount = amountArg(o.amount, '--amount');
      return () => ({ method: METHOD_ADD_ESCROW, body: bodyOf(addEscrowBodyCodec, { account, amount }) });
    },
  );
  txCommand<{ from: string; shares: string }>(
    tx,
    'undelegate',
    'start debonding escrow shares (paid out after the debonding interval)',
    (c) =>
      c
        .requiredOption('--from <address>', 'escrow account')
        .requiredOption('--shares <shares>', 'active shares'),
    (o) => {
      const account = addressArg(o.from, '--from');
      const shares = amountArg(o.shares, '--shares');
      return () => ({
        method: METHOD_RECLAIM_ESCROW,
        body: bodyOf(reclaimEscrowBodyCodec, { account, shares }),
      });
    },
  );
  txCommand<{ to: string }>(
    tx,
    'remap',
    "move the sender's account to the other domain (effective one full epoch later)",
    (c) => c.requiredOption('--to <domain>', 'ved or ued'),
    (o) => {
      if (o.to !== 'ved' && o.to !== 'ued')
        throw new CliError(CliError.BAD_ARGUMENT, '--to must be ved or ued');
      const to = o.to;
      return () => ({ method: METHOD_REQUEST_REMAP, body: bodyOf(requestRemapCodec, { to }) });
    },
  );
  registerVoteAccountCommands(tx);
}
