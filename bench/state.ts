// `npm run bench -- state`: UED transfers per second through executeUed (signatures verified,
// state committed every block) next to the machine's raw Ed25519 verification rate (node:crypto
// on the same prehashes and keys), measured block by block in the same run.
import { createHash, verify as nodeVerify } from 'node:crypto';
import {
  addressFromPublicKey,
  Ed25519Signer,
  publicKeyObject,
  quantityToBytes,
  utf8,
} from '../src/common/index.js';
import {
  chainParamsFromGenesis,
  executeUed,
  type GenesisDocument,
  initGenesis,
  Mapping,
  readEnvelope,
  signTransaction,
  txContext,
} from '../src/consensus/index.js';
import { MemoryNodeDB, Tree } from '../src/mkvs/index.js';
import { FixedEpochSchedule } from '../src/services/epochtime/index.js';
import { systemService } from '../src/services/system/index.js';
import { fmt, printJson } from './harness.js';

const USERS = 200;
const BLOCKS = 40;
const WARMUP_BLOCKS = 4;
const T0 = 1_700_000_000_000n;

const users = Array.from({ length: USERS }, (_, i) => Ed25519Signer.fromSeed(new Uint8Array(32).fill(i + 1)));
const addrs = users.map((u) => addressFromPublicKey(u.publicKey));
const doc: GenesisDocument = {
  chain_id: 'bench',
  genesis_time_ms: T0,
  params: {
    epoch_interval: 1000n,
    max_tx_bytes: 32768,
    gas_costs: { tx_byte: 1n },
    min_validator_stake: 0n,
    ved_programs: ['system', 'vote'],
  },
  accounts: addrs.map((address) => ({
    address,
    balance: 10n ** 18n,
    mapping: Mapping.RW_UED,
    owner: 'system',
  })),
  validators: [],
  services: {},
};
const services = [systemService];
const params = chainParamsFromGenesis(doc, services, new FixedEpochSchedule(doc.params.epoch_interval));

// Every user sends one transfer per block to the next user.
const blocks: Uint8Array[][] = [];
for (let b = 0; b < BLOCKS; b++) {
  blocks.push(
    users.map((u, i) => {
      const to = addrs[(i + 1) % USERS]!;
      return signTransaction(u, params.chainContext, {
        nonce: BigInt(b),
        fee: { amount: 1n, gas: 10_000n },
        method: 'system.Transfer',
        body: { to, amount: quantityToBytes(BigInt(b + 1)) },
        accounts: [
          { address: addrs[i]!, writable: true },
          { address: to, writable: true },
        ],
      });
    }),
  );
}

// Raw verification of the same work: each transaction's prehash and one node:crypto verify, with
// key objects built in advance.
const ctx = utf8(txContext(params.chainContext));
const keys = users.map((u) => publicKeyObject(u.publicKey));
function rawVerifyBlock(txs: readonly Uint8Array[]): void {
  txs.forEach((b, i) => {
    const e = readEnvelope(b);
    const m = createHash('sha512-256').update(ctx).update(e.raw).digest();
    if (!nodeVerify(null, m, keys[i]!, e.signature)) throw new Error('bench: raw verify failed');
  });
}

/**
 * One pass over the blocks. After each executed block the same block's signatures are verified
 * raw, so both figures see the same machine conditions (the box is often shared).
 */
async function run(): Promise<{ ued: number; raw: number }> {
  const ved = new Tree({ db: new MemoryNodeDB() });
  const ued = new Tree({ db: new MemoryNodeDB() });
  const g = await initGenesis(doc, params, services, { ved, ued });
  let parentHash = g.ued.domainHash;
  let time = T0;
  let uedNs = 0n;
  let rawNs = 0n;
  for (let h = 1; h <= BLOCKS; h++) {
    const txs = blocks[h - 1]!;
    const block = { height: BigInt(h), timeMs: time + 400n, parentTimeMs: time, parentHash, txs };
    const t0 = process.hrtime.bigint();
    const r = await executeUed({ tree: ued, block, params, vedSet: g.vedSet, services });
    const t1 = process.hrtime.bigint();
    rawVerifyBlock(txs);
    const t2 = process.hrtime.bigint();
    if (r.receipts.some((x) => x.receipt.status !== 0)) throw new Error('bench: a transfer failed');
    if (h > WARMUP_BLOCKS) {
      uedNs += t1 - t0;
      rawNs += t2 - t1;
    }
    parentHash = r.domainHash;
    time += 400n;
  }
  const n = (BLOCKS - WARMUP_BLOCKS) * USERS * 1e9;
  return { ued: n / Number(uedNs), raw: n / Number(rawNs) };
}

let best = 0;
let bestRaw = 0;
for (let round = 0; round < 3; round++) {
  const r = await run();
  best = Math.max(best, r.ued);
  bestRaw = Math.max(bestRaw, r.raw);
}
const ratio = Math.round((best / bestRaw) * 1000) / 1000;
console.log(
  `UED transfers through executeUed (${USERS} per block, signatures verified, commit per block), best of 3`,
);
console.log(`ued transfers ${fmt(best)}/s   raw ed25519 verify ${fmt(bestRaw)}/s   ratio ${ratio}`);
printJson({
  ued_transfers_per_s: Math.round(best),
  raw_verify_per_s: Math.round(bestRaw),
  ued_to_verify_ratio: ratio,
});
