/**
 * The `tandem` command line. Each command group lives in `commands/` and registers itself on the
 * root program; errors are printed as one line with their module and code, never as a stack trace
 * (set TANDEM_DEBUG=1 for the stack).
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { preferYoungAllocation, TandemError } from '../common/index.js';
import { registerChainCommands } from './commands/chain.js';
import { registerDebugCommands } from './commands/debug.js';
import { registerGenesisCommands } from './commands/genesis.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerLoadCommand } from './commands/load.js';
import { registerLocalnetCommand } from './commands/localnet.js';
import { registerNodeCommand } from './commands/node.js';
import { registerRuntimeCommands } from './commands/runtime.js';
import { registerTxCommands } from './commands/tx.js';

const require = createRequire(import.meta.url);

function version(): string {
  try {
    return (require('../../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Build the root program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('tandem')
    .description('Tandem: a BFT chain with asynchronous execution domains and Oasis-style runtimes')
    .version(version(), '-V, --version')
    .showHelpAfterError();
  registerKeysCommands(program);
  registerGenesisCommands(program);
  registerNodeCommand(program);
  registerLocalnetCommand(program);
  registerTxCommands(program);
  registerChainCommands(program);
  registerLoadCommand(program);
  registerRuntimeCommands(program);
  registerDebugCommands(program);
  return program;
}

/** Run the CLI with `argv` (as in `process.argv`). */
export async function run(argv: string[]): Promise<void> {
  // Before any state is loaded: see preferYoungAllocation.
  preferYoungAllocation();
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    if (e instanceof ZodError) {
      const issues = e.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      process.stderr.write(`error: invalid input: ${issues}\n`);
    } else if (e instanceof TandemError) {
      process.stderr.write(`error: ${e.message} [${e.module}/${e.code}]\n`);
    } else {
      process.stderr.write(`error: ${(e as Error).message ?? String(e)}\n`);
    }
    if (process.env.TANDEM_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 1;
  }
}
