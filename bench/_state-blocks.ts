// Blocks of signed transfers for `npm run bench -- state` and `bench/_state-floor.ts`, and the raw
// verification baseline both compare against: node:crypto's Ed25519 verify alone, over the same
// signed messages (each transaction's prehash, computed when the block is made) with key objects
// built in advance.
import { type KeyObject, verify as nodeVerify } from 'node:crypto';
import { hash, publicKeyObject, quantityToBytes, utf8 } from '../src/common/index.js';
import { decodeSignedTx, readEnvelope, signTransaction, txContext } from '../src/consensus/index.js';
import type { BenchState, DomainAccounts } from './_state-setup.js';

/** One block's signed transfers and, for the raw baseline, each one's signed message, signature and key object. */
export interface BenchBlock {
  readonly txs: Uint8Array[];
  readonly keys: KeyObject[];
  /** SHA-512/256(context ‖ transaction): the message Ed25519 signed. */
  readonly prehashes: Uint8Array[];
  readonly signatures: Uint8Array[];
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
  const ctx = utf8(txContext(s.params.chainContext));
  const out: BenchBlock[] = [];
  for (let b = 0; b < blocks; b++) {
    const block: BenchBlock = { txs: [], keys: [], prehashes: [], signatures: [] };
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
      const e = readEnvelope(block.txs[t]!);
      block.prehashes.push(hash(ctx, e.raw));
      block.signatures.push(e.signature.slice());
    }
    out.push(block);
  }
  return out;
}

/** Raw verification of a block: one node:crypto verify per transaction, nothing else. */
export function rawVerify(_s: BenchState, block: BenchBlock): void {
  const { prehashes, keys, signatures } = block;
  for (let i = 0; i < prehashes.length; i++) {
    if (!nodeVerify(null, prehashes[i]!, keys[i]!, signatures[i]!))
      throw new Error('bench: raw verify failed');
  }
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
