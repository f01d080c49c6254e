// Signed `insert` batches of the kv example runtime for the runtime tools: 16 fixed senders in
// turn, a fresh key per transaction, each sender's nonces counted from 0.
import { Ed25519Signer } from '../src/common/index.js';
import { signTx } from '../src/runtime/sdk/index.js';
import type { LocalRuntimeHost } from '../src/runtime/testhost/index.js';

/** A maker of batches of `size` transactions for the runtime a host runs. */
export function kvBatchMaker(
  size: number,
): (h: Pick<LocalRuntimeHost, 'runtimeId' | 'chainContext'>) => Uint8Array[] {
  const senders = Array.from({ length: 16 }, (_, i) =>
    Ed25519Signer.fromSeed(new Uint8Array(32).fill(i + 1)),
  );
  const nonces = senders.map(() => 0n);
  let keys = 0;
  return (h) => {
    const domain = { runtimeId: h.runtimeId, chainContext: h.chainContext };
    return Array.from({ length: size }, (_, i) => {
      const s = i % senders.length;
      const key = `key-${keys++}`;
      const nonce = nonces[s]!;
      nonces[s] = nonce + 1n;
      return signTx(senders[s]!, domain, {
        nonce,
        method: 'insert',
        body: { key, value: `value of ${key}` },
      });
    });
  };
}
