// Blocks of signed transfers for `npm run bench -- state` and `bench/_state-floor.ts`, and the raw
// verification baseline both compare against (node:crypto, same prehashes, prebuilt key objects).
import { createHash, type KeyObject, verify as nodeVerify } from 'node:crypto';
import { publicKeyObject, quantityToBytes, utf8 } from '../src/common/index.js';
import { decodeSignedTx, readEnvelope, signTransaction, txContext } from '../src/consensus/index.js';
import type { BenchState, DomainAccounts } from './_state-setup.js';

/** One block's signed transfers and each sender's prebuilt key object. */
export interface BenchBlock {
  readonly txs: Uint8Array[];
  readonly keys: KeyObject[];
}

/** A deterministic xorshift generator (the blocks are the same on every run). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** `blocks` blocks of `txs` transfers from random senders of the pool to random accounts. */
export function makeBlocks(
  s: BenchState,
  acc: DomainAccounts,
  seed: number,
  blocks: number,
  txs: number,
): BenchBlock[] {
  const rand = rng(seed);
  const nonces = acc.senders.map(() => 0n);
  const keyObjects = acc.senders.map((u) => publicKeyObject(u.publicKey));
  const out: BenchBlock[] = [];
  for (let b = 0; b < blocks; b++) {
    const block: BenchBlock = { txs: [], keys: [] };
    for (let t = 0; t < txs; t++) {
      const i = Math.floor(rand() * acc.senders.length);
      let j = i;
      while (j === i) j = Math.floor(rand() * acc.count);
      const from = acc.senderAddrs[i]!;
      const to = acc.address(j);
      block.txs.push(
        signTransaction(acc.senders[i]!, s.params.chainContext, {
          nonce: nonces[i]!++,
          fee: { amount: 1n, gas: 10_000n },
          method: 'system.Transfer',
          body: { to, amount: quantityToBytes(BigInt(1 + t)) },
          accounts: [
            { address: from, writable: true },
            { address: to, writable: true },
          ],
        }),
      );
      block.keys.push(keyObjects[i]!);
    }
    out.push(block);
  }
  return out;
}

/** Raw verification of a block: each transaction's prehash and one node:crypto verify. */
export function rawVerify(s: BenchState, block: BenchBlock): void {
  const ctx = utf8(txContext(s.params.chainContext));
  block.txs.forEach((b, i) => {
    const e = readEnvelope(b);
    const m = createHash('sha512-256').update(ctx).update(e.raw).digest();
    if (!nodeVerify(null, m, block.keys[i]!, e.signature)) throw new Error('bench: raw verify failed');
  });
}

/**
 * Check one transaction of every sender before the blocks run, as a node's mempool admission does,
 * so the executor finds their public keys in its key cache, like the raw verification, which
 * builds its key objects in advance.
 */
export function admitSenders(s: BenchState, blocks: readonly BenchBlock[]): void {
  const admitted = new Set<KeyObject>();
  for (const b of blocks) {
    b.txs.forEach((tx, i) => {
      if (admitted.has(b.keys[i]!)) return;
      admitted.add(b.keys[i]!);
      decodeSignedTx(tx, s.params.chainContext);
    });
  }
}
