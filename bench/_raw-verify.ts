/**
 * The machine's raw Ed25519 verification rate: node:crypto verifying a signature over the
 * SHA-512/256 prehash of a transfer-sized message with a prebuilt key object (the same work as the
 * `raw_verify` contender of crypto.ts), best of a few rounds.
 */
import { createHash, verify as nodeVerify } from 'node:crypto';
import { context, Ed25519Signer, fullContext, publicKeyObject, utf8 } from '../src/common/index.js';
import { opsPerSecond } from './harness.js';

/** Raw verifications per second on one core (best of `rounds` rounds of `ms` each). */
export function rawVerifyPerSecond(rounds = 5, ms = 300): number {
  const signer = Ed25519Signer.fromSeed(new Uint8Array(32).fill(7));
  const ctx = fullContext(context('consensus', 'tx'), { chainContext: 'ab'.repeat(32) });
  const ctxBytes = utf8(ctx);
  const msg = new Uint8Array(200).fill(3);
  const sig = signer.sign(ctx, msg);
  const key = publicKeyObject(signer.publicKey);
  const once = () =>
    nodeVerify(null, createHash('sha512-256').update(ctxBytes).update(msg).digest(), key, sig);
  if (!once()) throw new Error('bench setup: signature does not verify');
  let best = 0;
  for (let r = 0; r < rounds; r++) best = Math.max(best, opsPerSecond(once, ms));
  return best;
}
