/**
 * The flow of every `tandem tx …` command: load the key, ask the node for the chain context (the
 * signing domain) and the sender's nonce, sign, submit, wait until the execution status is
 * confirmed at the node's default stake threshold (or `--min-stake`), and print the receipt. A
 * transaction that executed and failed exits non-zero with the receipt's module and code.
 */
import { type ExecutionStatusView, executionStatusJ } from '../api/index.js';
import { addressFromPublicKey, addressToString, type Signer, TandemError, toHex } from '../common/index.js';
import { signTransaction, type TxAccountEntry } from '../consensus/index.js';
import { CliError } from './errors.js';
import {
  amountArg,
  clientOf,
  eventText,
  keyArg,
  printFields,
  printJson,
  type RpcOptions,
  remote,
} from './rpc.js';

/** What a command contributes: the method, its body (CBOR data model) and other listed accounts. */
export interface TxSpec {
  readonly method: string;
  readonly body: unknown;
  readonly accounts?: readonly TxAccountEntry[];
}

/** Options of every `tx` subcommand. */
export interface SendOptions extends RpcOptions {
  key: string;
  fee: string;
  gas: string;
  nonce?: string;
  minStake?: string;
  timeout: string;
  wait: boolean;
}

/** Build the spec once the signer and the chain context are known. */
export type SpecBuilder = (signer: Signer, chainContext: string) => TxSpec;

function waitMs(v: string): number {
  if (!/^[0-9]{1,7}$/.test(v) || Number(v) < 1) {
    throw new CliError(CliError.BAD_ARGUMENT, '--timeout must be a number of milliseconds ≥ 1');
  }
  return Number(v);
}

/** Sign, submit, wait and print (see the module header). */
export async function sendTx(o: SendOptions, build: SpecBuilder): Promise<void> {
  const signer = keyArg(o.key);
  const fee = { amount: amountArg(o.fee, '--fee'), gas: amountArg(o.gas, '--gas') };
  const minStake = o.minStake === undefined ? undefined : amountArg(o.minStake, '--min-stake');
  const timeoutMs = waitMs(o.timeout);
  const client = clientOf(o.rpc);
  const sender = addressFromPublicKey(signer.publicKey);
  const status = await remote(() => client.status());
  const spec = build(signer, status.chain_context);
  const nonce =
    o.nonce === undefined
      ? (await remote(() => client.getAccount(sender))).nonce
      : amountArg(o.nonce, '--nonce');
  const tx = signTransaction(signer, status.chain_context, {
    nonce,
    fee,
    method: spec.method,
    body: spec.body,
    accounts: [{ address: sender, writable: true }, ...(spec.accounts ?? [])],
  });
  const wait = o.wait ? 'execution' : 'none';
  if (!o.json)
    process.stderr.write(`submitting ${spec.method} from ${addressToString(sender)} (nonce ${nonce})…\n`);
  let res: Awaited<ReturnType<typeof client.submitTx>>;
  try {
    res = await remote(() =>
      client.submitTx(tx, { wait, timeoutMs, ...(minStake !== undefined ? { minStake } : {}) }),
    );
  } catch (e) {
    if (!TandemError.is(e, 'node', 3)) throw e;
    throw new CliError(CliError.TIMEOUT, `transaction submitted but not confirmed within ${timeoutMs} ms`);
  }
  report(o.json, toHex(res.hash), sender, nonce, res.execution);
  const err = res.execution?.receipt?.error;
  if (err) {
    throw new CliError(
      CliError.TX_FAILED,
      `transaction failed in the ${res.execution!.receipt!.domain}: ${err.message} [${err.module}/${err.code}]`,
    );
  }
}

function report(
  json: boolean,
  hash: string,
  sender: Uint8Array,
  nonce: bigint,
  x: ExecutionStatusView | undefined,
): void {
  if (json) {
    printJson({
      hash,
      sender: addressToString(sender),
      nonce: nonce.toString(),
      execution: x ? executionStatusJ.encode(x) : null,
    });
    return;
  }
  const f: [string, string][] = [
    ['transaction', hash],
    ['from', addressToString(sender)],
    ['nonce', nonce.toString()],
  ];
  if (x === undefined) {
    f.push(['state', 'submitted (not waited for)']);
    printFields(f);
    return;
  }
  f.push(['state', `${x.state} (reported stake ${x.reported_stake} of ${x.total_stake})`]);
  if (x.height !== undefined) f.push(['height', String(x.height)]);
  const r = x.receipt;
  if (r) {
    f.push(['domain', r.domain]);
    f.push([
      'result',
      r.success ? 'ok' : `failed: ${r.error?.message} [${r.error?.module}/${r.error?.code}]`,
    ]);
    f.push(['gas used', r.gas_used.toString()]);
    for (const e of r.events) f.push(['event', `${e.module}.${e.kind} ${eventText(e.data)}`]);
  }
  printFields(f);
}
