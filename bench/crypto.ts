// `npm run bench -- crypto`: Tandem's signing, verification and hashing wrappers next to raw
// node:crypto doing the same cryptographic work (same prehash, same key objects), in one run.
import { createHash, createPrivateKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import {
  context,
  Ed25519Signer,
  fullContext,
  hash,
  publicKeyObject,
  utf8,
  verify,
} from '../src/common/index.js';
import { fmt, interleaved, printJson } from './harness.js';

const seed = new Uint8Array(32).fill(7);
const signer = Ed25519Signer.fromSeed(seed);
const ctx = fullContext(context('consensus', 'tx'), { chainContext: 'ab'.repeat(32) });
const ctxBytes = utf8(ctx);
const msg = new Uint8Array(200).fill(3); // about the size of a transfer transaction
const sig = signer.sign(ctx, msg);
const pubKo = publicKeyObject(signer.publicKey);
const privKo = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
  format: 'der',
  type: 'pkcs8',
});
const prehash = () => createHash('sha512-256').update(ctxBytes).update(msg).digest();
const hashInput = new Uint8Array(64).fill(9);

if (!verify(signer.publicKey, ctx, msg, sig) || !nodeVerify(null, prehash(), pubKo, sig)) {
  throw new Error('bench setup: signature does not verify');
}

const r = interleaved({
  verify: () => verify(signer.publicKey, ctx, msg, sig),
  raw_verify: () => nodeVerify(null, prehash(), pubKo, sig),
  sign: () => signer.sign(ctx, msg),
  raw_sign: () => nodeSign(null, prehash(), privKo),
  hash: () => hash(hashInput),
  raw_hash: () => createHash('sha512-256').update(hashInput).digest(),
});

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
console.log('Ed25519 and SHA-512/256: Tandem wrappers vs raw node:crypto (same work), best of 5 rounds');
console.log(
  `verify   tandem ${fmt(r.verify!)}/s   raw ${fmt(r.raw_verify!)}/s   ratio ${ratio(r.verify!, r.raw_verify!)}`,
);
console.log(
  `sign     tandem ${fmt(r.sign!)}/s   raw ${fmt(r.raw_sign!)}/s   ratio ${ratio(r.sign!, r.raw_sign!)}`,
);
console.log(
  `hash64B  tandem ${fmt(r.hash!)}/s   raw ${fmt(r.raw_hash!)}/s   ratio ${ratio(r.hash!, r.raw_hash!)}`,
);
printJson({
  verify_per_s: Math.round(r.verify!),
  raw_verify_per_s: Math.round(r.raw_verify!),
  verify_ratio: ratio(r.verify!, r.raw_verify!),
  sign_per_s: Math.round(r.sign!),
  raw_sign_per_s: Math.round(r.raw_sign!),
  sign_ratio: ratio(r.sign!, r.raw_sign!),
  hash_per_s: Math.round(r.hash!),
  raw_hash_per_s: Math.round(r.raw_hash!),
  hash_ratio: ratio(r.hash!, r.raw_hash!),
});
