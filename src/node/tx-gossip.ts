/**
 * Transactions between nodes: each node admits a transaction to its own mempool (the app checks
 * it) and, when admitted, gossips it on the chain's transaction topic, open to unregistered
 * peers. A gossiped transaction is accepted (and forwarded) only if this node's mempool admits it;
 * one it already holds or that fails the check is dropped quietly, since a nonce race or a block
 * committed meanwhile is no fault of the sender.
 */
import { type Logger, nullLogger } from '../common/index.js';
import { type Network, txTopic } from '../p2p/index.js';
import type { Admission } from './admission.js';
import type { SubmitOutcome } from './chain-backend.js';

/** Admit transactions locally and gossip the admitted ones. */
export class TxGossip {
  private readonly topic: string;
  private readonly log: Logger;

  constructor(
    private readonly net: Network,
    chainId: string,
    private readonly admission: Admission,
    private readonly maxTxBytes: number,
    log: Logger = nullLogger,
  ) {
    this.topic = txTopic(chainId);
    this.log = log.child({ module: 'tx-gossip' });
  }

  /** Subscribe to the topic (before the network starts). */
  attach(): void {
    this.net.subscribe(
      this.topic,
      async (_from, data) => ((await this.admission.mempool.add(data)).added ? 'accept' : 'ignore'),
      // The frame around a transaction is small; anything much larger is not one.
      { access: 'open', maxBytes: this.maxTxBytes + 1024 },
    );
  }

  /** Offer a transaction from a client: the admission's coded verdict, gossiped when admitted. */
  async submit(tx: Uint8Array): Promise<SubmitOutcome> {
    const r = await this.admission.submit(tx);
    if (r.added) {
      this.net.publish(this.topic, tx).catch((e: unknown) => {
        this.log.debug({ reason: (e as Error).message }, 'tx gossip failed');
      });
    }
    return r;
  }
}
