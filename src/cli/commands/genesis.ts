/**
 * `tandem genesis init|check`: write a genesis document for N validators from their key
 * directories (`<keys-dir>/validator-<i>`, created with `tandem keys generate` or here when
 * missing), and check a document the way a node would load it, naming the failing field.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { addressFromPublicKey, loadNodeKeys, TandemError, writeNodeKeys } from '../../common/index.js';
import { loadGenesisFile } from '../../consensus/index.js';
import { buildGenesis, checkChainGenesis, genesisToPlain } from '../../domains/index.js';
import { CliError } from '../errors.js';

/** Options of `genesis init`. */
interface InitOptions {
  validators: string;
  keysDir: string;
  out?: string;
  chainId: string;
  epochInterval: string;
  stake: string;
  genesisTime?: string;
}

function positive(v: string, what: string, max: bigint): bigint {
  if (!/^[1-9][0-9]{0,18}$/.test(v) || BigInt(v) > max) {
    throw new CliError(CliError.BAD_ARGUMENT, `${what} must be an integer in 1..${max}`);
  }
  return BigInt(v);
}

/** The key set of validator `i`, generated when its directory holds none. */
function validatorKeys(keysDir: string, i: number) {
  const dir = join(keysDir, `validator-${i}`);
  return existsSync(join(dir, 'consensus.pem')) ? loadNodeKeys(dir) : writeNodeKeys(dir);
}

/** Build the genesis text for `genesis init`. */
export function initGenesisText(o: InitOptions): string {
  const n = Number(positive(o.validators, '--validators', 1000n));
  const stake = positive(o.stake, '--stake', 1n << 128n);
  const validators = Array.from({ length: n }, (_, i) => {
    const k = validatorKeys(o.keysDir, i);
    const operator = addressFromPublicKey(k.identity.publicKey);
    return { node: k.consensus.publicKey, authority: operator, feePayer: operator, fund: operator, stake };
  });
  const doc = buildGenesis({
    chainId: o.chainId,
    genesisTimeMs:
      o.genesisTime === undefined ? BigInt(Date.now()) : positive(o.genesisTime, '--genesis-time', 1n << 62n),
    epochInterval: positive(o.epochInterval, '--epoch-interval', 1n << 32n),
    minStake: stake / 2n,
    roleBalance: 1_000_000_000n,
    validators,
  });
  return `${JSON.stringify(genesisToPlain(doc), null, 2)}\n`;
}

/**
 * Load and fully check a genesis file: the schema (its first problem), then every problem of the
 * document with its field path, then every problem of every program's section, then the genesis
 * validators against the vote program's membership.
 */
export async function checkGenesisFile(path: string): Promise<{ chainContext: string; validators: number }> {
  const doc = loadGenesisFile(path);
  const { chainContext } = await checkChainGenesis(doc);
  return { chainContext, validators: doc.validators.length };
}

/** Register `tandem genesis init|check`. */
export function registerGenesisCommands(program: Command): void {
  const g = program.command('genesis').description('create and check genesis documents');
  g.command('init')
    .description('write a genesis for N validators from key directories <keys-dir>/validator-<i>')
    .requiredOption('--validators <n>', 'number of validators')
    .requiredOption(
      '--keys-dir <dir>',
      'directory of the validators\u2019 key directories (created if missing)',
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--chain-id <id>', 'chain id', 'tandem-local')
    .option('--epoch-interval <blocks>', 'blocks per epoch (at least 2)', '100')
    .option('--stake <amount>', 'stake of each validator (the minimum is half of it)', '1000000')
    .option('--genesis-time <ms>', 'genesis time, ms since the Unix epoch (default: now)')
    .action((o: InitOptions) => {
      const text = initGenesisText(o);
      if (o.out === undefined) process.stdout.write(text);
      else writeFileSync(o.out, text);
    });
  g.command('check <file>')
    .description('validate a genesis file as a node loads it; names the failing field')
    .action(async (file: string) => {
      try {
        const r = await checkGenesisFile(file);
        process.stdout.write(`ok: ${r.validators} validators, chain context ${r.chainContext}\n`);
      } catch (e) {
        if (!(e instanceof TandemError)) throw e;
        throw new CliError(
          CliError.FAILED,
          `genesis ${file} is invalid: ${e.message} [${e.module}/${e.code}]`,
        );
      }
    });
}
