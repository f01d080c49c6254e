// The load generator's submission path: due transfers go out as JSON-RPC batches (fewer requests
// than transfers, none over the API's default max_batch), per-item refusals are tallied alone, a
// whole-batch failure refuses its transfers, and latencies run from each transfer's submission.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLoad } from '../../src/cli/load-run.js';
import type { BatchItem, TandemClient } from '../../src/client/index.js';
import { ClientError } from '../../src/client/index.js';
import { Ed25519Signer, hash } from '../../src/common/index.js';

type BlockCb = (b: { tx_hashes: Uint8Array[] }) => void;

/** A stand-in node: decides every accepted transfer in the next "block". */
class FakeNode {
  batches: number[] = [];
  singles = 0;
  private cb: BlockCb | undefined;
  constructor(private readonly refuse: (n: number) => 'ok' | 'item' | 'batch') {}

  client(): TandemClient {
    return {
      status: async () => ({ chain_context: 'ab'.repeat(32) }),
      getAccount: async () => ({ nonce: 0n }),
      submitTx: async (tx: Uint8Array) => {
        this.singles++;
        return { hash: hash(tx) };
      },
      subscribe: async (_t: string, cb: BlockCb) => {
        this.cb = cb;
        return { id: 's', unsubscribe: async () => {} };
      },
      submitTxs: async (txs: Uint8Array[]) => this.batch(txs),
    } as unknown as TandemClient;
  }

  private async batch(txs: Uint8Array[]): Promise<BatchItem<{ hash: Uint8Array }>[]> {
    const n = this.batches.push(txs.length);
    if (this.refuse(n) === 'batch') throw new ClientError(ClientError.NETWORK, 'down');
    const out = txs.map(
      (tx, i): BatchItem<{ hash: Uint8Array }> =>
        this.refuse(n) === 'item' && i === 0
          ? {
              ok: false,
              error: new ClientError(ClientError.RPC, 'x', {
                remote: { module: 'mempool', code: 4, message: 'x' },
              }),
            }
          : { ok: true, value: { hash: hash(tx) } },
    );
    const decided = txs.filter((_, i) => out[i]!.ok).map((tx) => hash(tx));
    setTimeout(() => this.cb?.({ tx_hashes: decided }), 5);
    return out;
  }
}

const plan = (tps: number) => ({
  tps,
  durationS: 1,
  senders: 4,
  funder: Ed25519Signer.generate(),
  progress: () => {},
  drainMs: 500,
});

test('transfers due together go out as batches of at most 50, each decided one timed', async () => {
  const node = new FakeNode(() => 'ok');
  const r = await runLoad(node.client(), plan(400));
  assert.equal(r.submitted, 400);
  assert.equal(r.final, 400);
  assert.equal(r.rejected, 0);
  assert.equal(node.singles, 4, 'only the funding transfers go one by one');
  assert.equal(
    node.batches.reduce((a, b) => a + b, 0),
    400,
  );
  assert.ok(node.batches.length < 400, `batched: ${node.batches.length} requests`);
  assert.ok(node.batches.every((n) => n >= 1 && n <= 50));
  assert.ok(r.p50_final_ms >= 0 && r.p50_final_ms < 1000);
});

test('a refused item is tallied alone; a failed batch refuses all of its transfers', async () => {
  const node = new FakeNode((n) => (n === 2 ? 'batch' : n % 3 === 0 ? 'item' : 'ok'));
  const r = await runLoad(node.client(), plan(200));
  const itemRefusals = node.batches.filter((_, i) => i + 1 !== 2 && (i + 1) % 3 === 0).length;
  assert.equal(r.submitted, 200);
  assert.equal(r.rejections['mempool/4'], itemRefusals);
  assert.equal(r.rejections['client/8'], node.batches[1]);
  assert.equal(r.final, 200 - r.rejected);
});
