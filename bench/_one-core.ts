// The runtime bench's one-core figure: `_runtime-one-core.js` run under `taskset -c 0` (the issue
// asks for kv throughput "on one core"; this machine has two, so the process, the runtime it
// starts and all their threads are pinned to one CPU).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** kv tx/s at batches of 1,000 and the raw verify rate, both on one CPU. */
export interface OneCore {
  readonly kvTps: number;
  readonly rawVerifyPerS: number;
}

/** Runs the pinned child; undefined (with the reason on stderr) when `taskset` is missing or it fails. */
export function oneCore(quick: boolean): OneCore | undefined {
  const child = join(import.meta.dirname, '_runtime-one-core.js');
  const args = [
    '-c',
    '0',
    process.execPath,
    child,
    '--rounds',
    quick ? '1' : '3',
    '--batches',
    quick ? '2' : '8',
  ];
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync('taskset', args, { encoding: 'utf8', env, timeout: 300_000 });
  if (r.error || r.status !== 0) {
    process.stderr.write(`one-core run skipped: ${r.error?.message ?? r.stderr.trim().split('\n').pop()}\n`);
    return undefined;
  }
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    kv_tps: number;
    raw_verify_per_s: number;
    threads: number;
  };
  if (j.threads !== 1) throw new RangeError(`bench: the pinned child saw ${j.threads} CPUs`);
  return { kvTps: j.kv_tps, rawVerifyPerS: j.raw_verify_per_s };
}
