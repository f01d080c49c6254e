/**
 * A two-domain test chain: genesis, then blocks executed through `executeVed` and `executeUed`
 * on separate trees, with the epoch-boundary wiring a node does (the UED's remap moves handed to
 * the VED one epoch later, the VED's to the UED from the VED block where they leave, the next epoch's VED account set computed from both domains' reports).
 */

import { addressFromPublicKey, Ed25519Signer, type Signer } from '../../src/common/index.js';
import {
  type AccountMove,
  type AccountRecord,
  type ChainParams,
  chainParamsFromGenesis,
  type ExecuteResult,
  executeUed,
  executeVed,
  type GenesisDocument,
  getAccount,
  initGenesis,
  Mapping,
  nextVedSet,
  type Service,
  signTransaction,
  type Transaction,
  type TxAccountEntry,
  type VedAccountSet,
} from '../../src/consensus/index.js';
import { MemoryNodeDB, Tree } from '../../src/mkvs/index.js';
import { epochtimeService, FixedEpochSchedule } from '../../src/services/epochtime/index.js';
import { systemService } from '../../src/services/system/index.js';

export const GENESIS_TIME = 1_700_000_000_000n;

/** A deterministic signer. */
export function signer(i: number): Ed25519Signer {
  const seed = new Uint8Array(32);
  seed[0] = i & 0xff;
  seed[1] = (i >> 8) & 0xff;
  seed[31] = 0x5a;
  return Ed25519Signer.fromSeed(seed);
}

/** The address of a signer. */
export function addr(s: Signer): Uint8Array {
  return addressFromPublicKey(s.publicKey);
}

/** A genesis document with the given accounts. */
export function genesisDoc(
  accounts: { address: Uint8Array; balance: bigint; mapping?: Mapping; owner?: string }[],
  opts: { epochInterval?: bigint; txByteGas?: bigint; services?: Record<string, unknown> } = {},
): GenesisDocument {
  return {
    chain_id: 'tandem-test',
    genesis_time_ms: GENESIS_TIME,
    params: {
      epoch_interval: opts.epochInterval ?? 10n,
      max_tx_bytes: 32 * 1024,
      gas_costs: { tx_byte: opts.txByteGas ?? 1n },
      min_validator_stake: 1000n,
      ved_programs: ['system', 'vote'],
    },
    accounts: accounts.map((a) => ({
      address: a.address,
      balance: a.balance,
      mapping: a.mapping ?? Mapping.RW_UED,
      owner: a.owner ?? 'system',
    })),
    validators: [],
    services: opts.services ?? {},
  };
}

/** Both domains' results for one block. */
export interface BlockResults {
  height: bigint;
  ved: ExecuteResult;
  ued: ExecuteResult;
}

/** A chain of two domain trees driven block by block. */
export class TestChain {
  readonly ved = new Tree({ db: new MemoryNodeDB() });
  readonly ued = new Tree({ db: new MemoryNodeDB() });
  params!: ChainParams;
  vedSet!: VedAccountSet;
  height = 0n;
  timeMs = GENESIS_TIME;
  vedHash!: Uint8Array;
  uedHash!: Uint8Array;
  private nextSet: VedAccountSet | undefined;
  private toVed: readonly AccountMove[] = [];

  constructor(
    readonly doc: GenesisDocument,
    readonly services: readonly Service[] = [systemService, epochtimeService],
  ) {}

  async init(): Promise<this> {
    this.params = chainParamsFromGenesis(
      this.doc,
      this.services,
      new FixedEpochSchedule(this.doc.params.epoch_interval),
    );
    const g = await initGenesis(this.doc, this.params, this.services, { ved: this.ved, ued: this.ued });
    this.vedSet = g.vedSet;
    this.vedHash = g.ved.domainHash;
    this.uedHash = g.ued.domainHash;
    return this;
  }

  get chainContext(): string {
    return this.params.chainContext;
  }

  /** Execute the next block in both domains (VED first, as a validator does). */
  async block(txs: readonly Uint8Array[], step = 400n): Promise<BlockResults> {
    const height = this.height + 1n;
    const epochStart = this.params.epochs.isEpochStart(height);
    if (epochStart && this.nextSet !== undefined) this.vedSet = this.nextSet;
    const blockOf = (parentHash: Uint8Array) => ({
      height,
      timeMs: this.timeMs + step,
      parentTimeMs: this.timeMs,
      parentHash,
      txs,
    });
    const common = { params: this.params, vedSet: this.vedSet, services: this.services };
    const ved = await executeVed({
      ...common,
      tree: this.ved,
      block: blockOf(this.vedHash),
      remapsIn: epochStart ? this.toVed : [],
    });
    const ued = await executeUed({
      ...common,
      tree: this.ued,
      block: blockOf(this.uedHash),
      remapsIn: ved.remapsLeft,
    });
    if (epochStart) {
      const epoch = this.params.epochs.epochOf(height);
      this.nextSet = nextVedSet(this.vedSet, epoch + 1n, ved.remapsOut, ued.remapsOut);
      this.toVed = ued.remapsOut;
    }
    this.height = height;
    this.timeMs += step;
    this.vedHash = ved.domainHash;
    this.uedHash = ued.domainHash;
    return { height, ved, ued };
  }

  /** An account record as a domain holds it after the last block. */
  account(domain: 'ved' | 'ued', address: Uint8Array): Promise<AccountRecord | null> {
    const tree = domain === 'ved' ? this.ved : this.ued;
    return getAccount({ get: (k) => tree.get(k), set() {}, delete() {}, async *entries() {} }, address);
  }

  /** Sign a transaction from `from`; the fee payer is listed first and writable. */
  tx(
    from: Signer,
    nonce: bigint,
    method: string,
    body: unknown,
    opts: { accounts?: TxAccountEntry[]; fee?: bigint; gas?: bigint } = {},
  ): Uint8Array {
    const tx: Transaction = {
      nonce,
      fee: { amount: opts.fee ?? 10n, gas: opts.gas ?? 100_000n },
      method,
      body,
      accounts: [{ address: addr(from), writable: true }, ...(opts.accounts ?? [])],
    };
    return signTransaction(from, this.chainContext, tx);
  }

  /** A system transfer transaction. */
  transfer(
    from: Signer,
    nonce: bigint,
    to: Uint8Array,
    amount: bigint,
    opts: { fee?: bigint; gas?: bigint } = {},
  ): Uint8Array {
    return this.tx(
      from,
      nonce,
      'system.Transfer',
      { to, amount: quantityRaw(amount) },
      { ...opts, accounts: [{ address: to, writable: true }] },
    );
  }
}

/** The CBOR data-model form of an amount inside a raw body (minimal big-endian bytes). */
export function quantityRaw(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  let h = v.toString(16);
  if (h.length % 2) h = `0${h}`;
  return new Uint8Array(Buffer.from(h, 'hex'));
}
