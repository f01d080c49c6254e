// `npm run bench -- localnet [--quick] [--duration S] [--rates A,B,…]`: a 4-validator localnet of real node
// processes on loopback (the same as `tandem localnet`, in a temporary directory) under the load
// generator of `tandem load` at increasing rates: first a low rate for the latency at low load,
// then steps up until the achieved rate stops following the offered one or latency explodes
// (src/cli/load-steps.ts). The machine's raw Ed25519 verify rate is measured in the same run,
// before the nodes start; since every validator verifies every transfer on the same cores, the
// reference throughput is that rate ÷ 4. The load generator signs each step's transfers before
// the step starts (up to 200,000; src/cli/load-transfers.ts): signing is client work the nodes
// never do, and it ran on the cores the nodes use. Every node process is stopped on exit, error
// or Ctrl-C. Ends with one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../src/cli/errors.js';
import { runLoad } from '../src/cli/load-run.js';
import { defaultSenders, nextRate, type RampOptions, stepHeld, sustainedTps } from '../src/cli/load-steps.js';
import { clientOf, keyArg } from '../src/cli/rpc.js';
import { TandemError } from '../src/common/index.js';
import {
  localnetUserKeyPath,
  prepareLocalnet,
  type RunningLocalnet,
  runLocalnet,
} from '../src/node/index.js';
import { refusedStep, type Step, stepLine, stepOf } from './_localnet-step.js';
import { rawVerifyPerSecond } from './_raw-verify.js';
import { fmt, printJson } from './harness.js';

const VALIDATORS = 4;
const LOW_TPS = 5;
const LOW_MIN_S = 10;
/** Half the CLI's rate per sender: a sender may be 64 nonces ahead of its executed state, so lag
 * under load refuses its transfers later and the chain, not that window, limits the ramp. */
const PER_SENDER_TPS = 8;
const BIN = fileURLToPath(new URL('../../bin/tandem.js', import.meta.url));

interface Args {
  quick: boolean;
  durationS: number;
  /** `--rates A,B,…`: run exactly these steps after the low one (profiling at a chosen load). */
  rates?: number[];
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  let durationS = quick ? 5 : 10;
  let rates: number[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') continue;
    if (a === '--duration') {
      const v = argv[++i] ?? '';
      durationS = Number(v);
      if (!/^[0-9]{1,3}(\.[0-9]{1,3})?$/.test(v) || !(durationS > 0) || durationS > 600) {
        throw new CliError(CliError.BAD_ARGUMENT, '--duration must be a number of seconds in (0, 600]');
      }
      continue;
    }
    if (a === '--rates') {
      const v = argv[++i] ?? '';
      rates = v.split(',').map(Number);
      if (!/^[0-9]{1,4}(,[0-9]{1,4}){0,9}$/.test(v) || rates.some((r) => r < 1)) {
        throw new CliError(CliError.BAD_ARGUMENT, '--rates must be up to 10 rates ≥ 1, comma-separated');
      }
      continue;
    }
    throw new CliError(
      CliError.BAD_ARGUMENT,
      `unknown argument ${a}; usage: localnet [--quick] [--duration S] [--rates A,B,…]`,
    );
  }
  return rates === undefined ? { quick, durationS } : { quick, durationS, rates };
}

async function ramp(net: RunningLocalnet, a: Args): Promise<Step[]> {
  const ramp: RampOptions = a.quick
    ? { first: 20, factor: 4, max: 2000, refine: 0 }
    : { first: 10, factor: 2, max: 5000, refine: 3 };
  const v0 = net.plan.nodes[0]!;
  const client = clientOf(v0.apiUrl);
  const funder = keyArg(localnetUserKeyPath(net.plan.dir, 'ued', 0));
  const drainMs = Math.max(5000, 2000 * a.durationS);
  const steps: Step[] = [];
  try {
    const next = (): number | undefined =>
      a.rates === undefined ? nextRate(steps, ramp) : a.rates[steps.length - 1];
    for (let tps: number | undefined = LOW_TPS; tps !== undefined; tps = next()) {
      // The low-load step runs at least 10 s: its 50+ transfers give the latency percentiles.
      const durationS = steps.length === 0 ? Math.max(a.durationS, LOW_MIN_S) : a.durationS;
      const plan = { tps, durationS, senders: defaultSenders(tps, PER_SENDER_TPS), funder, drainMs };
      let step: Step;
      try {
        step = stepOf(tps, durationS, await runLoad(client, { ...plan, progress: () => {} }));
      } catch (e) {
        if (!(e instanceof CliError) || e.code !== CliError.FAILED) throw e;
        step = refusedStep(tps, durationS, e);
      }
      steps.push(step);
      console.log(stepLine(step));
    }
  } finally {
    await client.close();
  }
  return steps;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function report(steps: Step[], rawVerify: number, a: Args): void {
  const low = steps[0]!;
  const sustained = sustainedTps(steps);
  const at = steps.find((s) => s.offered_tps === sustained && stepHeld(s));
  const limit = rawVerify / VALIDATORS;
  const ratio = r3(sustained / limit);
  console.log(
    `raw Ed25519 verify ${fmt(rawVerify)}/s (one core, before the nodes started); ÷ ${VALIDATORS} = ${fmt(limit)} transfers/s`,
  );
  console.log(
    `sustained ${sustained} transfers/s (highest step with achieved ≥ 90% of offered, nothing lost)`,
  );
  console.log(
    `ratio sustained ÷ (verify ÷ ${VALIDATORS}) ${ratio}  (target ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'not met'})`,
  );
  console.log(
    `p50 submit-to-final at ${LOW_TPS}/s ${low.p50_final_ms} ms  (target < 500 ms: ${low.p50_final_ms < 500 ? 'met' : 'not met'}), p99 ${low.p99_final_ms} ms`,
  );
  printJson({
    sustained_tps: sustained,
    p50_final_ms: low.p50_final_ms,
    p99_final_ms: low.p99_final_ms,
    raw_verify_per_s: Math.round(rawVerify),
    verify_limit_tps: Math.round(limit),
    ratio_to_verify_limit: ratio,
    p50_final_ms_at_sustained: at?.p50_final_ms ?? null,
    p99_final_ms_at_sustained: at?.p99_final_ms ?? null,
    step_duration_s: a.durationS,
    quick: a.quick,
    steps: steps.map((s) => [s.offered_tps, r1(s.achieved_tps), s.p50_final_ms, s.p99_final_ms, stepHeld(s)]),
  });
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const rawVerify = rawVerifyPerSecond();
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-localnet-'));
  // Below Linux's ephemeral range (32768–60999): no outgoing connection can hold one of these ports.
  const basePort = 20_000 + 100 * Math.floor(Math.random() * 120);
  const plan = prepareLocalnet({ dir, validators: VALIDATORS, basePort });
  const net = runLocalnet(plan, {
    command: [process.execPath, BIN],
    onExit: (name, e) =>
      console.error(`${name} exited (${e.signal ?? `code ${e.code}`}); see ${dir}/${name}/node.log`),
  });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= net.stop());
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`${sig}: stopping every node…`);
    void stop().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let ok = false;
  try {
    console.log(
      `localnet bench: ${VALIDATORS} validator processes, steps of ${a.durationS} s${a.quick ? ' (quick)' : ''}, data in ${dir}`,
    );
    await net.waitDecided(180_000);
    const steps = await ramp(net, a);
    ok = true;
    await stop();
    report(steps, rawVerify, a);
  } finally {
    await stop();
    // A failed run keeps its directory for the node logs.
    if (ok) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof TandemError ? `${e.name} ${e.module}/${e.code}: ${e.message}` : e);
  process.exitCode = 1;
});
