/**
 * Drives a {@link LocalRuntimeHost} from JSON lines (`tandem runtime run`): transactions are
 * grouped into batches of `batch` lines, checked (rejections are reported with their reason),
 * executed as one block, and reported with the new roots; a query first flushes the pending
 * batch. Bad lines are reported and skipped. Every report is one JSON object.
 */
import {
  addressFromPublicKey,
  decodeChecked,
  encodeCanonical,
  toHex,
  toWireError,
} from '../../common/index.js';
import type { IncomingMessage } from '../rhp/index.js';
import { signTx } from '../sdk/index.js';
import { cborToJson, type InputLine, parseLine } from './lines.js';
import type { LocalRuntimeHost } from './local-host.js';
import { batchOutcomes } from './outputs.js';

interface Pending {
  readonly line: number;
  readonly tx: Uint8Array;
}

/** Options of {@link runLines}. */
export interface RunLinesOptions {
  /** Transactions per batch (default 1). */
  readonly batch?: number;
}

/** Runs the lines; returns the number of bad lines (and rejected transactions). */
export async function runLines(
  host: LocalRuntimeHost,
  lines: AsyncIterable<string>,
  out: (report: Record<string, unknown>) => void,
  opts: RunLinesOptions = {},
): Promise<number> {
  const size = Math.max(1, opts.batch ?? 1);
  const nonces = new Map<string, bigint>();
  let pending: Pending[] = [];
  let msgs: IncomingMessage[] = [];
  let msgId = 0n;
  let failures = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0 && msgs.length === 0) return;
    const [p, m] = [pending, msgs];
    [pending, msgs] = [[], []];
    nonces.clear(); // after a block, next nonces come from the state again
    failures += await executeBatch(host, p, m, out);
  };
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (raw.trim() === '') continue;
    try {
      const item = parseLine(raw);
      if (item.kind === 'query') {
        await flush();
        const data = await host.query(item.method, encodeCanonical(item.args));
        out({ line: n, query: item.method, result: cborToJson(decodeChecked(data)) });
        continue;
      }
      if (item.kind === 'in_msg') {
        msgs.push({ ...item.msg, id: msgId++ });
        continue;
      }
      pending.push({ line: n, tx: await toTx(host, item, nonces) });
      if (pending.length >= size) await flush();
    } catch (e) {
      failures++;
      out({ line: n, error: toWireError(e) });
    }
  }
  await flush();
  return failures;
}

async function toTx(
  host: LocalRuntimeHost,
  item: Extract<InputLine, { kind: 'signed' | 'unsigned' }>,
  nonces: Map<string, bigint>,
): Promise<Uint8Array> {
  if (item.kind === 'signed') return item.tx;
  const sender = toHex(addressFromPublicKey(item.signer.publicKey));
  const nonce =
    item.nonce ?? nonces.get(sender) ?? (await host.nonceOf(addressFromPublicKey(item.signer.publicKey)));
  nonces.set(sender, nonce + 1n);
  const domain = { runtimeId: host.runtimeId, chainContext: host.chainContext };
  return signTx(item.signer, domain, { nonce, method: item.method, body: item.body });
}

async function executeBatch(
  host: LocalRuntimeHost,
  batch: Pending[],
  msgs: IncomingMessage[],
  out: (r: Record<string, unknown>) => void,
): Promise<number> {
  const checks = await host.check(batch.map((p) => p.tx));
  const txs: Record<string, unknown>[] = [];
  const accepted: Pending[] = [];
  batch.forEach((p, i) => {
    const err = checks[i]!.error;
    if (err.code === 0) accepted.push(p);
    else txs.push({ line: p.line, rejected: err });
  });
  if (accepted.length === 0 && msgs.length === 0) {
    out({ txs }); // nothing to execute: no block
    return batch.length;
  }
  const res = await host.execute(
    accepted.map((p) => p.tx),
    msgs,
  );
  const outcomes = batchOutcomes(res.response);
  outcomes.forEach((o, i) => {
    const result = cborToJson(o.output) as Record<string, unknown>;
    txs.push({ line: accepted[i]?.line, tx_hash: o.txHash, ...result });
  });
  const h = res.header;
  out({
    round: h.round.toString(),
    state_root: toHex(h.state_root),
    io_root: toHex(h.io_root),
    in_msgs: msgs.length,
    messages: res.response.batch.messages.map((m) => cborToJson(m)),
    txs: txs.sort((a, b) => (a.line as number) - (b.line as number)),
  });
  return batch.length - accepted.length;
}
