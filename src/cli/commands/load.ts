/**
 * `tandem load --tps N --duration S --key FILE`: a workload of signed transfers against a node's
 * API (load-run.ts). Prints progress on stderr, then the achieved throughput and the p50/p99
 * submit-to-final latency; with `--json`, one JSON line. The transfers are signed before the
 * submissions start (up to 200,000, the rest as they fall due): signing is the client's work, not
 * the node's, and should not compete with a node on the same machine while it is measured.
 */
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { runLoad } from '../load-run.js';
import { defaultSenders } from '../load-steps.js';
import { clientOf, keyArg, printFields, printJson, type RpcOptions, withRpc } from '../rpc.js';

interface LoadOptions extends RpcOptions {
  tps: string;
  duration: string;
  key: string;
  senders?: string;
}

function bounded(v: string, what: string, max: number): number {
  const n = Number(v);
  if (!/^[0-9]{1,7}(\.[0-9]{1,3})?$/.test(v) || !(n > 0) || n > max) {
    throw new CliError(CliError.BAD_ARGUMENT, `${what} must be a number in (0, ${max}]`);
  }
  return n;
}

/** Register `tandem load`. */
export function registerLoadCommand(program: Command): void {
  withRpc(program.command('load').description('submit signed transfers at a fixed rate and measure latency'))
    .requiredOption('--tps <n>', 'transfers per second')
    .requiredOption('--duration <seconds>', 'how long to submit')
    .requiredOption('--key <file>', 'key file of a funded UED account (pays the senders)')
    .option('--senders <n>', 'sender accounts (default: one per 16 tps, 4 to 60)')
    .action(async (o: LoadOptions) => {
      const tps = bounded(o.tps, '--tps', 100_000);
      const durationS = bounded(o.duration, '--duration', 3600);
      if (Math.round(tps * durationS) < 1) {
        throw new CliError(CliError.BAD_ARGUMENT, '--tps × --duration must come to at least one transfer');
      }
      const senders = o.senders === undefined ? defaultSenders(tps) : bounded(o.senders, '--senders', 60);
      if (!Number.isInteger(senders))
        throw new CliError(CliError.BAD_ARGUMENT, '--senders must be an integer');
      const client = clientOf(o.rpc);
      try {
        const progress = (l: string) => process.stderr.write(`${l}\n`);
        const r = await runLoad(client, { tps, durationS, senders, funder: keyArg(o.key), progress });
        if (o.json) {
          printJson(r);
          return;
        }
        printFields([
          [
            'submitted',
            `${r.submitted} transfers (${r.rejected} refused) in ${r.duration_s} s at ${r.target_tps}/s`,
          ],
          ['final', `${r.final} transfers, ${r.achieved_tps}/s`],
          ['latency', `p50 ${r.p50_final_ms} ms, p99 ${r.p99_final_ms} ms (submit to decided block)`],
        ]);
      } finally {
        await client.close();
      }
    });
}
