// The executor's signature path alone, beside the raw verification it is measured against:
// `node dist/bench/_sigpath.js [--txs N] [--senders N] [--rounds N]`. Both sides take the same
// signed transfers (many senders, each key already seen, as after mempool admission); the raw
// side reads the envelope, prehashes and calls node:crypto verify with prebuilt key objects, the
// executor side runs the executor's block decoder over blocks of 300 (hash, verify, decode, check).
// Prints CPU µs per transaction of each and their difference (medians over the rounds).
import { createHash, type KeyObject, verify as nodeVerify } from 'node:crypto';
import {
  addressFromPublicKey,
  Ed25519Signer,
  publicKeyObject,
  quantityToBytes,
  utf8,
} from '../src/common/index.js';
import {
  blockDecoder,
  DEFAULT_MAX_TX_BYTES,
  ProgramTable,
  readEnvelope,
  signTransaction,
  txContext,
  VedAccountSet,
} from '../src/consensus/index.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const TXS = arg('txs', 6000);
const SENDERS = arg('senders', 1000);
const ROUNDS = arg('rounds', 7);
const chain = 'cd'.repeat(32);

const signers = Array.from({ length: SENDERS }, (_, i) => {
  const seed = new Uint8Array(32);
  seed[0] = i & 0xff;
  seed[1] = i >> 8;
  seed[2] = 1;
  return Ed25519Signer.fromSeed(seed);
});
const keys: KeyObject[] = signers.map((s) => publicKeyObject(s.publicKey));
const txs: Uint8Array[] = [];
const txKeys: KeyObject[] = [];
for (let t = 0; t < TXS; t++) {
  const i = (t * 7919) % SENDERS;
  const from = signers[i]!;
  const to = new Uint8Array(21).fill(t & 0xff);
  const fromAddr = addressFromPublicKey(from.publicKey);
  txs.push(
    signTransaction(from, chain, {
      nonce: BigInt(t),
      fee: { amount: 1n, gas: 10_000n },
      method: 'system.Transfer',
      body: { to, amount: quantityToBytes(BigInt(1 + t)) },
      accounts: [
        { address: fromAddr, writable: true },
        { address: to, writable: true },
      ],
    }),
  );
  txKeys.push(keys[i]!);
}

const ctx = utf8(txContext(chain));
function raw(): void {
  for (let i = 0; i < txs.length; i++) {
    const e = readEnvelope(txs[i]!);
    const m = createHash('sha512-256').update(ctx).update(e.raw).digest();
    if (!nodeVerify(null, m, txKeys[i]!, e.signature)) throw new Error('bench: raw verify failed');
  }
}
const view = { vedSet: new VedAccountSet(0n, []), programs: new ProgramTable(['system']) };
const decodeInput = { domain: 'ued' as const, view, chainContext: chain, maxTxBytes: DEFAULT_MAX_TX_BYTES };
/** The executor's decoder over blocks of 300 (signatures first, then each decode). */
function executor(): void {
  for (let at = 0; at < txs.length; at += 300) {
    const block = txs.slice(at, at + 300);
    const decode = blockDecoder(block, decodeInput);
    for (let i = 0; i < block.length; i++) if (decode(i) === null) throw new Error('bench: decode failed');
  }
}

const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
function measure(f: () => void): number {
  const c0 = cpu();
  f();
  return (cpu() - c0) / txs.length;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

executor();
raw();
const r: number[] = [];
const e: number[] = [];
const d: number[] = [];
for (let k = 0; k < ROUNDS; k++) {
  const a = measure(raw);
  const b = measure(executor);
  r.push(a);
  e.push(b);
  d.push(b - a);
}
const f = (x: number) => x.toFixed(2);
console.log(`${TXS} transfers from ${SENDERS} senders, ${ROUNDS} rounds, CPU µs per transaction (median)`);
console.log(
  `raw verify ${f(median(r))}   executor decode+verify ${f(median(e))}   beyond raw ${f(median(d))}`,
);
console.log(JSON.stringify({ raw_us: +f(median(r)), exec_us: +f(median(e)), beyond_us: +f(median(d)) }));
