/** Validators, a genesis and a BFT-free driver of {@link ChainApp} for the composition tests. */
import { addressFromPublicKey, Ed25519Signer, type Signer } from '../../src/common/index.js';
import type { Block } from '../../src/consensus/bft/index.js';
import {
  type GenesisDocument,
  Mapping,
  signTransaction,
  type Transaction,
} from '../../src/consensus/index.js';
import { buildGenesis, type ChainApp } from '../../src/domains/index.js';

const keys = new Map<string, Ed25519Signer>();

/** A deterministic signer from a small number and a salt (cached: key creation is slow). */
export function key(i: number, salt = 0): Ed25519Signer {
  const id = `${i}/${salt}`;
  let k = keys.get(id);
  if (k === undefined) {
    const seed = new Uint8Array(32);
    new DataView(seed.buffer).setUint32(0, i + 1);
    seed[31] = salt;
    keys.set(id, (k = Ed25519Signer.fromSeed(seed)));
  }
  return k;
}

/** The address of a signer. */
export const addrOf = (s: Signer): Uint8Array => addressFromPublicKey(s.publicKey);

/** Validator i's keys: node (consensus), authority (pays VED fees), fee payer, fund. */
export function validatorKeys(i: number) {
  return { node: key(i, 1), authority: key(i, 2), feePayer: key(i, 3), fund: key(i, 4) };
}

/** UED user i. */
export const user = (i: number): Ed25519Signer => key(i, 9);

export const GENESIS_MS = 1_700_000_000_000n;

/** A genesis for `n` validators (stake 10,000 each, min 1,000) and `users` funded UED users. */
export function testGenesis(
  n: number,
  opts: { users?: number; epochInterval?: bigint } = {},
): GenesisDocument {
  return buildGenesis({
    chainId: 'tandem-wiring',
    genesisTimeMs: GENESIS_MS,
    epochInterval: opts.epochInterval ?? 5n,
    minStake: 1_000n,
    roleBalance: 1_000_000n,
    validators: Array.from({ length: n }, (_, i) => {
      const k = validatorKeys(i);
      return {
        node: k.node.publicKey,
        authority: addrOf(k.authority),
        feePayer: addrOf(k.feePayer),
        fund: addrOf(k.fund),
        stake: 10_000n + BigInt(i),
      };
    }),
    accounts: Array.from({ length: opts.users ?? 4 }, (_, i) => ({
      address: addrOf(user(i)),
      balance: 1_000_000n,
      mapping: Mapping.RW_UED,
    })),
  });
}

/** Sign a transaction on the app's chain; the signer pays and is listed first. */
export function signTx(
  app: ChainApp,
  from: Signer,
  nonce: bigint,
  method: string,
  body: unknown,
  others: { address: Uint8Array; writable: boolean }[] = [],
  fee = 10n,
): Uint8Array {
  const tx: Transaction = {
    nonce,
    fee: { amount: fee, gas: 100_000n },
    method,
    body,
    accounts: [{ address: addrOf(from), writable: true }, ...others],
  };
  return signTransaction(from, app.programs.params.chainContext, tx);
}

/** A `system.Transfer` of `amount` (the body's amount in its CBOR data-model form). */
export function transferTx(app: ChainApp, from: Signer, nonce: bigint, to: Uint8Array, amount: bigint) {
  return signTx(app, from, nonce, 'system.Transfer', { to, amount: quantityRaw(amount) }, [
    { address: to, writable: true },
  ]);
}

/** Minimal big-endian bytes of an amount (a quantity in a raw body). */
export function quantityRaw(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  let h = v.toString(16);
  if (h.length % 2) h = `0${h}`;
  return new Uint8Array(Buffer.from(h, 'hex'));
}

/**
 * Drive an app without the BFT engine: build the block the way the driver does (the header's
 * VED hash from prepareProposal), finalize and commit. `lastCommit` and evidence are optional.
 */
export async function step(
  app: ChainApp,
  txs: Uint8Array[],
  extra: Partial<Pick<Block, 'evidence' | 'last_commit'>> = {},
): Promise<{ validatorUpdates?: unknown }> {
  const height = app.committed.height + 1n;
  const time = app.committed.timeMs + 400n;
  const evidence = extra.evidence ?? [];
  const { vedHash } = await app.prepareProposal({ height, time, candidates: txs, evidence });
  const z = new Uint8Array(32);
  const block: Block = {
    header: {
      chain_id: 'x',
      height,
      time,
      last_block_hash: z,
      last_commit_hash: z,
      txs_hash: z,
      evidence_hash: z,
      ved_hash: vedHash,
      validators_hash: z,
      proposer: z,
    },
    txs,
    evidence,
    last_commit: extra.last_commit ?? null,
  };
  const res = await app.finalizeBlock(block);
  await app.commit(height);
  return res;
}
