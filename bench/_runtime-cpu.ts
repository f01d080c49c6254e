// Not a benchmark (the leading `_` keeps it out of `npm run bench`): CPU time per transaction of
// the kv runtime path, which a loaded machine distorts far less than wall-clock throughput.
//   node dist/bench/_runtime-cpu.js [--mode sandboxed|unconfined|both] [--size 1000] [--batches 4]
//        [--runtime-prof DIR]   (profiles the runtime through _prof-hook.js; unconfined only)
//        [--sequential]         (one batch at a time instead of LocalRuntimeHost.executeBatches)
// Per mode: wall tx/s, the host process's CPU µs/tx (process.cpuUsage), and the runtime process's
// CPU µs/tx in total and per thread (/proc/<pid>/task/*/stat: utime + stime, clock ticks).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Ed25519Signer } from '../src/common/index.js';
import { LocalRuntimeHost } from '../src/runtime/index.js';
import { signTx } from '../src/runtime/sdk/index.js';

const { values: a } = parseArgs({
  options: {
    mode: { type: 'string', default: 'both' },
    size: { type: 'string', default: '1000' },
    batches: { type: 'string', default: '4' },
    'runtime-prof': { type: 'string' },
    sequential: { type: 'boolean', default: false },
  },
});
const SIZE = Number(a.size);
const BATCHES = Number(a.batches);
const TICK_US = 10_000; // USER_HZ 100
const BUNDLE = join(import.meta.dirname, '..', '..', 'examples', 'runtimes', 'kv', 'bundle');
const senders = Array.from({ length: 16 }, (_, i) => Ed25519Signer.fromSeed(new Uint8Array(32).fill(i + 1)));

function ppidOf(pid: number): number {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The `node` process at or below `root` (bwrap forks before it execs node). */
function nodePid(root: number): number {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const under = (p: number): boolean => {
    for (let q = p, i = 0; q > 1 && i < 10; q = ppidOf(q), i++) if (q === root) return true;
    return false;
  };
  for (const p of all) {
    try {
      if (readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'node' && under(p)) return p;
    } catch {}
  }
  throw new RangeError(`no node process under ${root}`);
}

/** Ticks per thread (`main`, or name/tid). */
function threadTicks(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      const s = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const name = Number(t) === pid ? 'main' : `${s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'))}/${t}`;
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]);
      out.set(name, (out.get(name) ?? 0) + ticks);
    } catch {}
  }
  return out;
}

function batch(h: LocalRuntimeHost, nonces: bigint[], start: number): Uint8Array[] {
  const domain = { runtimeId: h.runtimeId, chainContext: h.chainContext };
  return Array.from({ length: SIZE }, (_, i) => {
    const s = i % senders.length;
    const key = `key-${start + i}`;
    const nonce = nonces[s]!;
    nonces[s] = nonce + 1n;
    return signTx(senders[s]!, domain, { nonce, method: 'insert', body: { key, value: `value of ${key}` } });
  });
}

async function run(mode: string): Promise<void> {
  const prof = a['runtime-prof'];
  const hook = join(import.meta.dirname, '_prof-hook.js');
  const env =
    prof && mode === 'unconfined' ? { NODE_OPTIONS: `--import=${hook}`, TANDEM_PROF_DIR: prof } : undefined;
  const h = await LocalRuntimeHost.open({ bundleDir: BUNDLE, unconfined: mode === 'unconfined', env });
  try {
    const pid = nodePid(h.host.pid!);
    const nonces = senders.map(() => 0n);
    let n = 0;
    for (let w = 0; w < 2; w++) await h.execute(batch(h, nonces, (n += SIZE)));
    const work = Array.from({ length: BATCHES }, () => batch(h, nonces, (n += SIZE)));
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = threadTicks(pid);
    const c0 = process.cpuUsage();
    const w0 = process.hrtime.bigint();
    if (a.sequential) for (const b of work) await h.execute(b);
    else await h.executeBatches(work);
    const wall = Number(process.hrtime.bigint() - w0) / 1000;
    const c = process.cpuUsage(c0);
    const t1 = threadTicks(pid);
    const txs = SIZE * BATCHES;
    const per = (us: number) => (us / txs).toFixed(0);
    const threads = [...t1].map(([k, v]) => [k, (v - (t0.get(k) ?? 0)) * TICK_US] as const);
    const rt = threads.reduce((s, [, v]) => s + v, 0);
    console.log(
      `${mode.padEnd(10)} ${Math.round((txs * 1e6) / wall)} tx/s  host ${per(c.user + c.system)} µs/tx  runtime ${per(rt)} µs/tx  [${threads
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${per(v)}`)
        .join(', ')}]`,
    );
  } finally {
    await h.close();
  }
}

for (const m of a.mode === 'both' ? ['sandboxed', 'unconfined', 'sandboxed', 'unconfined'] : [a.mode!])
  await run(m);
