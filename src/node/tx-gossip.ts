/**
 * Transactions between nodes: each node admits a transaction to its own mempool (the app checks
 * it) and, when admitted, gossips it on the chain's transaction topic, open to unregistered
 * peers. Admitted transactions are gossiped in batches (tx-batch.ts): those admitted within 20 ms
 * travel as one message. A received batch is decoded strictly (a malformed one is
 * rejected, which judges the peer that sent it); each transaction in it is then offered to the
 * mempool on its own, so one that fails the check is dropped alone, quietly, since a nonce race or
 * a block committed meanwhile is no fault of the sender. The batch is forwarded when at least one
 * of its transactions was admitted here. The topic is direct (src/p2p/push.ts): a batch goes once to
 * each directly connected peer and a batch received by push is not forwarded by a validator, so a
 * validator not connected to the one a transaction entered by gets it in a block; a full node
 * (`relay`) gossips what it receives by push, so nodes behind it, and validators it alone
 * connects to, get it too.
 */
import { type Logger, nullLogger, TandemError } from '../common/index.js';
import { type Network, txTopic, type Verdict } from '../p2p/index.js';
import type { Admission } from './admission.js';
import type { SubmitOutcome } from './chain-backend.js';
import { decodeTxBatch, encodeTxBatch, maxBatchBytes, TX_BATCH_DELAY_MS, TxBatcher } from './tx-batch.js';

/** Admit transactions locally and gossip the admitted ones. */
export class TxGossip {
  private readonly topic: string;
  private readonly log: Logger;
  private readonly batcher: TxBatcher;

  constructor(
    private readonly net: Network,
    chainId: string,
    private readonly admission: Admission,
    private readonly maxTxBytes: number,
    log: Logger = nullLogger,
    batchDelayMs = TX_BATCH_DELAY_MS,
    /** Relay batches received by push (full nodes; see the p2p `TopicOptions.relay`). */
    private readonly relay = false,
  ) {
    this.topic = txTopic(chainId);
    this.log = log.child({ module: 'tx-gossip' });
    this.batcher = new TxBatcher((txs) => this.publish(txs), batchDelayMs);
  }

  /** Subscribe to the topic (before the network starts). */
  attach(): void {
    this.net.subscribe(this.topic, (_from, data) => this.receive(data), {
      access: 'open',
      maxBytes: maxBatchBytes(this.maxTxBytes),
      direct: true,
      relay: this.relay,
    });
  }

  /** Offer a transaction from a client: the admission's coded verdict, gossiped when admitted. */
  async submit(tx: Uint8Array): Promise<SubmitOutcome> {
    const r = await this.admission.submit(tx);
    if (r.added) this.batcher.add(tx);
    return r;
  }

  /** Send the transactions still waiting for their batch (e.g. before stopping). */
  flush(): void {
    this.batcher.flush();
  }

  /** A gossiped batch: every transaction offered in order; `accept` when any was admitted. */
  async receive(data: Uint8Array): Promise<Verdict> {
    let txs: Uint8Array[];
    try {
      txs = decodeTxBatch(data, this.maxTxBytes);
    } catch (e) {
      if (!(e instanceof TandemError)) throw e;
      this.log.debug({ reason: e.message }, 'malformed transaction batch');
      return 'reject';
    }
    // Admissions run one at a time in call order, so starting them together keeps nonce order.
    const results = await Promise.all(txs.map((t) => this.admission.mempool.add(t)));
    return results.some((r) => r.added) ? 'accept' : 'ignore';
  }

  private publish(txs: Uint8Array[]): void {
    this.net.publish(this.topic, encodeTxBatch(txs)).catch((e: unknown) => {
      this.log.debug({ reason: (e as Error).message }, 'tx gossip failed');
    });
  }
}
