/** `tandem keys generate|show|address`: node key sets and single key files on disk. */
import type { Command } from 'commander';
import {
  addressFromPublicKey,
  addressToString,
  describeNodeKeys,
  loadNodeKeys,
  writeNodeKeys,
} from '../../common/index.js';
import { keyArg } from '../rpc.js';

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('create and inspect node key sets');
  keys
    .command('generate')
    .description('write a new key set (identity, consensus, p2p, vrf) into a directory')
    .requiredOption('--dir <dir>', 'directory for the key files (created with mode 0700)')
    .option('--force', 'overwrite existing key files', false)
    .option('--json', 'print JSON', false)
    .action((opts: { dir: string; force: boolean; json: boolean }) => {
      const k = writeNodeKeys(opts.dir, undefined, opts.force);
      print(describeNodeKeys(k), opts.json);
    });
  keys
    .command('show')
    .description('print the public keys and account address of a key set')
    .requiredOption('--dir <dir>', 'directory holding the key files')
    .option('--json', 'print JSON', false)
    .action((opts: { dir: string; json: boolean }) => {
      print(describeNodeKeys(loadNodeKeys(opts.dir)), opts.json);
    });
  keys
    .command('address')
    .description('print the account address of one key file (e.g. a localnet account key)')
    .requiredOption('--key <file>', 'key file')
    .action((opts: { key: string }) => {
      process.stdout.write(`${addressToString(addressFromPublicKey(keyArg(opts.key).publicKey))}\n`);
    });
}

function print(d: Record<string, string>, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(d)}\n`);
    return;
  }
  for (const [k, v] of Object.entries(d)) process.stdout.write(`${k.padEnd(10)} ${v}\n`);
}
