/** Mixed batches for the parallel-verification tests: every way an input can fail, and good ones. */
import { Ed25519Signer, encodeCanonical } from '../../../src/common/index.js';
import { signTx, type TxDomain } from '../../../src/runtime/sdk/index.js';

/** What each input of {@link mixedBatch} is. */
export type InputKind =
  | 'good'
  | 'bad-sig'
  | 'malformed'
  | 'oversized'
  | 'replay'
  | 'bad-nonce'
  | 'bad-method';

/**
 * `n` inputs for the kv runtime cycling through every {@link InputKind}, from five senders (seeds
 * `seed`..`seed + 4`) new to the state: their good inputs use nonces from 0.
 */
export function mixedBatch(
  domain: TxDomain,
  n: number,
  tag: string,
  seed = 40,
): { inputs: Uint8Array[]; kinds: InputKind[] } {
  const signers = Array.from({ length: 5 }, (_, i) =>
    Ed25519Signer.fromSeed(new Uint8Array(32).fill(seed + i)),
  );
  const kinds: InputKind[] = [
    'good',
    'bad-sig',
    'good',
    'malformed',
    'good',
    'oversized',
    'replay',
    'bad-nonce',
    'bad-method',
  ];
  const nonces = signers.map(() => 0n);
  const inputs: Uint8Array[] = [];
  const out: InputKind[] = [];
  let last: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length]!;
    const s = i % signers.length;
    const good = (nonce: bigint, method = 'insert') =>
      signTx(signers[s]!, domain, { nonce, method, body: { key: `${tag}-${i}`, value: `v${i}` } });
    let b: Uint8Array;
    if (kind === 'good') {
      b = good(nonces[s]!);
      nonces[s]! += 1n;
      last = b;
    } else if (kind === 'bad-sig') {
      b = good(nonces[s]!);
      b[30]! ^= 0x40; // inside the signature (it starts at byte 24 of the canonical envelope)
    } else if (kind === 'malformed') {
      b = i % 2 === 0 ? good(nonces[s]!).subarray(0, 50) : encodeCanonical({ not: 'a tx', i });
    } else if (kind === 'oversized') b = new Uint8Array(64 * 1024 + 1).fill(0xa1);
    else if (kind === 'replay') b = new Uint8Array(last!);
    else if (kind === 'bad-nonce') b = good(nonces[s]! + 5n);
    else b = good(nonces[s]!, 'no-such-method');
    inputs.push(b);
    out.push(kind);
  }
  return { inputs, kinds: out };
}
