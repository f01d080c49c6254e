/**
 * `tandem runtime status --runtime ID`: what a node's API says of one runtime (descriptor, chain,
 * latest block, committees of the current epoch, last round's results), as aligned text or, with
 * `--json`, the API's own JSON encodings in one object on one line.
 */
import type { Command } from 'commander';
import {
  type CommitteesView,
  committeesJ,
  nullableJ,
  type RoundResultsView,
  type RuntimeBlockView,
  type RuntimeView,
  roundResultsJ,
  runtimeBlockJ,
  runtimeJ,
} from '../../api/index.js';
import { fromHex, toHex } from '../../common/index.js';
import { CliError } from '../errors.js';
import { clientOf, printFields, printJson, type RpcOptions, remote, withRpc } from '../rpc.js';

interface StatusOptions extends RpcOptions {
  runtime: string;
}

interface Report {
  rt: RuntimeView;
  block: RuntimeBlockView | null;
  committees: CommitteesView;
  results: RoundResultsView | null;
}

function fields({ rt, block, committees, results }: Report): [string, string][] {
  const d = rt.descriptor;
  const c = rt.chain;
  const out: [string, string][] = [['runtime', toHex(rt.id)]];
  if (d) {
    out.push(['entity', toHex(d.entity_id)], ['version', d.active_version ?? 'none active']);
    out.push(['registry', d.suspended ? 'suspended' : 'active']);
  }
  if (c) {
    out.push(['round', `${c.round} (last normal ${c.last_normal_round} at height ${c.last_normal_height})`]);
    out.push(['chain', c.suspended ? 'suspended' : 'running']);
  }
  if (block) out.push(['block', `${toHex(block.hash)} ${block.header_type}`]);
  out.push(['epoch', String(committees.epoch)]);
  for (const k of committees.committees) {
    const roles = new Map<string, number>();
    for (const m of k.members) roles.set(m.role, (roles.get(m.role) ?? 0) + 1);
    out.push([k.kind, [...roles].map(([r, n]) => `${n} ${r}`).join(', ')]);
  }
  if (results) {
    out.push(['messages', String(results.messages.length)]);
    out.push(['nodes', `${results.good_compute_nodes.length} good, ${results.bad_compute_nodes.length} bad`]);
  }
  return out;
}

async function status(o: StatusOptions): Promise<void> {
  if (!/^[0-9a-fA-F]{64}$/.test(o.runtime)) {
    throw new CliError(CliError.BAD_ARGUMENT, '--runtime must be a runtime id (64 hex digits)');
  }
  const id = fromHex(o.runtime);
  const client = clientOf(o.rpc);
  const r: Report = await remote(async () => ({
    rt: await client.getRuntime(id),
    block: await client.getRuntimeBlock(id),
    committees: await client.getCommittees(id),
    results: await client.getRoundResults(id),
  }));
  if (!o.json) return printFields(fields(r));
  printJson({
    runtime: runtimeJ.encode(r.rt),
    block: nullableJ(runtimeBlockJ).encode(r.block),
    committees: committeesJ.encode(r.committees),
    round_results: nullableJ(roundResultsJ).encode(r.results),
  });
}

/** Register `tandem runtime status` on the `runtime` command. */
export function registerRuntimeStatus(rt: Command): void {
  withRpc(rt.command('status').description("print a node's view of a runtime"))
    .requiredOption('--runtime <id>', 'runtime id (64 hex digits)')
    .action((o: StatusOptions) => status(o));
}
