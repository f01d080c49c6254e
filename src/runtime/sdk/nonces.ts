/**
 * The senders' next nonces during one ExecuteTxBatch. A batch reads each sender's nonce from the
 * state tree once, counts it up in memory, and writes each sender's final nonce into the tree
 * once, before the roots are computed. Nonce keys are out of every handler's reach (user keys
 * live under another prefix), so no read within the batch can tell, and the tree's content, root
 * and write log (both fixed by the final key set, not by the order of inserts) are those of an
 * insert per transaction: one tree walk and insert per sender instead of one per transaction.
 */
import { bytesKey, u64be } from '../../common/index.js';
import type { Tree } from '../../mkvs/index.js';
import { nonceKey, readNonce } from './state.js';

/** One sender's next nonce within the batch. */
interface Entry {
  readonly sender: Uint8Array;
  next: bigint;
}

/** Next nonces of one batch's senders over the batch's state tree (see the module comment). */
export class BatchNonces {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly tree: Tree) {}

  /** The next nonce `sender` must use: from this batch if it sent before, else from the tree. */
  expected(sender: Uint8Array): bigint | Promise<bigint> {
    const e = this.entries.get(bytesKey(sender));
    return e !== undefined ? e.next : readNonce(this.tree, sender);
  }

  /** Record that `sender` used `nonce` (its next one is `nonce + 1`). */
  bump(sender: Uint8Array, nonce: bigint): void {
    const k = bytesKey(sender);
    const e = this.entries.get(k);
    if (e !== undefined) e.next = nonce + 1n;
    else this.entries.set(k, { sender: new Uint8Array(sender), next: nonce + 1n });
  }

  /** Write every sender's final nonce into the tree (once, at the end of the batch). */
  async flush(): Promise<void> {
    for (const e of this.entries.values()) {
      const key = nonceKey(e.sender);
      const value = u64be(e.next);
      if (!this.tree.insertNow(key, value)) await this.tree.insert(key, value);
    }
    this.entries.clear();
  }
}
