/**
 * `tandem runtime run`: start a runtime bundle under a local test host (sandboxed unless
 * `--unconfined`), read transactions and queries as JSON lines from stdin (the forms are listed
 * in src/runtime/testhost/lines.ts and docs/runtime-sdk.md), execute them as blocks and print one
 * JSON line per block (results, new state and IO roots) or query. Bad lines are reported as
 * `{"line": n, "error": {...}}` and skipped; the exit code is then 1.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Logger } from '../../common/index.js';
import { LocalRuntimeHost, runLines } from '../../runtime/index.js';
import { CliError } from '../errors.js';
import { registerRuntimeStatus } from './runtime-status.js';

interface RunOptions {
  bundle: string;
  stateDir?: string;
  unconfined?: boolean;
  chainContext?: string;
  batch: string;
}

/** Warnings (the unconfined notice) go to stderr; nothing else is logged. */
const stderrLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn: (f, msg) => void process.stderr.write(`warning: ${msg} ${JSON.stringify(f)}\n`),
  error: (f, msg) => void process.stderr.write(`error: ${msg} ${JSON.stringify(f)}\n`),
  child: () => stderrLogger,
};

async function run(o: RunOptions): Promise<void> {
  const batch = Number(o.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 65536) {
    throw new CliError(CliError.BAD_ARGUMENT, '--batch must be an integer in 1..65536');
  }
  const host = await LocalRuntimeHost.open({
    bundleDir: o.bundle,
    ...(o.stateDir ? { stateDir: o.stateDir } : {}),
    unconfined: o.unconfined === true,
    ...(o.chainContext ? { chainContext: o.chainContext.toLowerCase() } : {}),
    logger: stderrLogger,
    onStderr: (line) => void process.stderr.write(`runtime: ${line}\n`),
  });
  try {
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    const write = (r: Record<string, unknown>) => void process.stdout.write(`${JSON.stringify(r)}\n`);
    const failures = await runLines(host, lines, write, { batch });
    if (failures > 0) process.exitCode = 1;
  } finally {
    await host.close();
  }
}

/** Register `tandem runtime …`. */
export function registerRuntimeCommands(program: Command): void {
  const rt = program.command('runtime').description("run and try runtimes locally; a node's view of one");
  rt.command('run')
    .description('execute JSON-line transactions from stdin against a runtime bundle; print blocks and roots')
    .requiredOption('--bundle <dir>', 'runtime bundle directory (manifest.json + executable)')
    .option('--state-dir <dir>', 'keep the runtime state here (LevelDB); default: in memory')
    .option('--unconfined', 'run WITHOUT the sandbox (development only)')
    .option('--chain-context <hex>', 'chain context (64 hex digits) transactions are signed for')
    .option('--batch <n>', 'transactions per block', '1')
    .action((o: RunOptions) => run(o));
  registerRuntimeStatus(rt);
}
