// Setup of `npm run bench -- state`: a large two-domain state on LevelDB. Genesis goes through the
// normal path for the signing accounts and every VED account; the rest of the UED accounts are
// inserted directly into the UED tree with the accounts module's record encoding, in large
// committed batches (version 0, like genesis), which is far faster than genesis for a million.
import { createHash } from 'node:crypto';
import { addressFromPublicKey, Ed25519Signer } from '../src/common/index.js';
import {
  accountKey,
  type ChainParams,
  chainParamsFromGenesis,
  domainNamespace,
  encodeAccount,
  type GenesisDocument,
  initGenesis,
  Mapping,
  type VedAccountSet,
} from '../src/consensus/index.js';
import { CompactState, CompactTree, LevelNodeDB, type StateTree, Tree } from '../src/mkvs/index.js';
import { FixedEpochSchedule } from '../src/services/epochtime/index.js';
import { systemService } from '../src/services/system/index.js';

/** Starting balance of every account. */
export const BALANCE = 10n ** 18n;
const T0 = 1_700_000_000_000n;
const BULK_BATCH = 200_000;

/** One domain's accounts as the block generator sees them. */
export interface DomainAccounts {
  /** Accounts whose keys the bench holds (they send). */
  readonly senders: readonly Ed25519Signer[];
  readonly senderAddrs: readonly Uint8Array[];
  /** Number of accounts in the domain; `address(i)` for i in 0..count−1. */
  readonly count: number;
  readonly address: (i: number) => Uint8Array;
}

/** One domain of the built state: its tree, and the node database or state log under it. */
export interface BenchDomain {
  tree: StateTree;
  db: LevelNodeDB | undefined;
  state: CompactState | undefined;
  parentHash: Uint8Array;
  accounts: DomainAccounts;
}

/** The built state. */
export interface BenchState {
  readonly params: ChainParams;
  readonly services: typeof services;
  readonly vedSet: VedAccountSet;
  readonly ued: BenchDomain;
  readonly ved: BenchDomain;
  readonly timeMs: bigint;
  /** Compact store: process CPU µs of writing the UED's first snapshot (all its accounts). */
  readonly snapshotCpuUs: number;
}

/**
 * Where a domain's state lives, both on LevelDB: `nodes`, the node-database tree (one entry per
 * tree node); `compact`, the resident {@link CompactTree} over its state log (one record per block,
 * snapshots; {@link CompactState}).
 */
export type DomainStore = 'nodes' | 'compact';

/** Each domain's store. */
export interface BenchStores {
  readonly ued: DomainStore;
  readonly ved: DomainStore;
}

/** What the node runs with its default configuration (docs/state.md, "Where a domain's state lives"). */
export const NODE_STORES: BenchStores = { ued: 'compact', ved: 'nodes' };

/**
 * The `--store` flag: `node` (the default), what the node runs ({@link NODE_STORES}); `nodes` or
 * `compact` puts both domains there. Anything else is refused.
 */
export function storeFlag(): BenchStores & { readonly name: string } {
  const i = process.argv.indexOf('--store');
  const v = i < 0 ? 'node' : process.argv[i + 1];
  if (v === 'node') return { name: v, ...NODE_STORES };
  if (v === 'nodes' || v === 'compact') return { name: v, ued: v, ved: v };
  throw new Error('bench: --store takes node, nodes or compact');
}

/** Close what a built state holds open. */
export async function closeState(s: BenchState): Promise<void> {
  await Promise.all([s.ued.db?.close(), s.ved.db?.close(), s.ued.state?.close(), s.ved.state?.close()]);
}

const services = [systemService];

/**
 * The i-th of `count` bulk UED addresses: version byte 0, then 32 bits growing with i (so the
 * addresses are spread evenly over the key space and come in key order, which makes bulk
 * insertion cheap), then 16 pseudo-random bytes.
 */
function spreadAddress(i: number, count: number): Uint8Array {
  const a = new Uint8Array(21);
  const v = new DataView(a.buffer);
  v.setUint32(1, Math.floor((i * 2 ** 32) / count));
  let x = (i + 1) * 0x9e3779b1;
  for (let j = 5; j < 21; j += 4) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) ^ j;
    v.setUint32(j, x >>> 0);
  }
  return a;
}

/** A deterministic address that no key signs for (the VED's other accounts). */
function derivedAddress(tag: string, i: number): Uint8Array {
  const h = createHash('sha256').update(`${tag}:${i}`).digest();
  return new Uint8Array(h.subarray(0, 21));
}

function signers(tag: number, n: number): Ed25519Signer[] {
  return Array.from({ length: n }, (_, i) => {
    const seed = createHash('sha256').update(`bench-signer:${tag}:${i}`).digest();
    return Ed25519Signer.fromSeed(new Uint8Array(seed));
  });
}

function domainAccounts(senders: Ed25519Signer[], count: number, tag: string): DomainAccounts {
  const senderAddrs = senders.map((s) => addressFromPublicKey(s.publicKey));
  const other =
    tag === 'ued' ? (i: number) => spreadAddress(i, count) : (i: number) => derivedAddress(tag, i);
  const address = (i: number) => (i < senderAddrs.length ? senderAddrs[i]! : other(i));
  return { senders, senderAddrs, count, address };
}

/**
 * Build the state in `dir`: `total` accounts, `vedCount` of them RW-VED, `sendersPerDomain` with
 * keys in each domain; `cacheNodes` and `cacheMb` set the node databases' object and compact
 * caches (their defaults otherwise).
 */
export async function buildState(
  dir: string,
  total: number,
  vedCount: number,
  sendersPerDomain: number,
  log: (s: string) => void,
  cacheNodes?: number,
  cacheMb?: number,
  stores: BenchStores = { ued: 'nodes', ved: 'nodes' },
): Promise<BenchState> {
  const uedAcc = domainAccounts(signers(1, sendersPerDomain), total - vedCount, 'ued');
  const vedAcc = domainAccounts(signers(2, sendersPerDomain), vedCount, 'ved');
  const genesisAccounts = [
    ...Array.from({ length: vedCount }, (_, i) => ({ address: vedAcc.address(i), mapping: Mapping.RW_VED })),
    ...uedAcc.senderAddrs.map((address) => ({ address, mapping: Mapping.RW_UED })),
  ];
  const doc: GenesisDocument = {
    chain_id: 'bench',
    genesis_time_ms: T0,
    params: {
      epoch_interval: 1_000_000n,
      max_tx_bytes: 32768,
      gas_costs: { tx_byte: 1n },
      min_validator_stake: 0n,
      ved_programs: ['system', 'vote'],
    },
    accounts: genesisAccounts.map((a) => ({ ...a, balance: BALANCE, owner: 'system' })),
    validators: [],
    services: {},
  };
  const params = chainParamsFromGenesis(doc, services, new FixedEpochSchedule(doc.params.epoch_interval));
  const opts = {
    ...(cacheNodes === undefined ? {} : { cacheNodes }),
    ...(cacheMb === undefined ? {} : { cacheBytes: cacheMb * 1024 * 1024 }),
  };
  const onNodes = (d: 'ued' | 'ved') =>
    stores[d] === 'nodes' ? LevelNodeDB.open(`${dir}/${d}`, opts) : undefined;
  const uedDb = await onNodes('ued');
  const vedDb = await onNodes('ved');
  const ued = uedDb ? new Tree({ db: uedDb }) : new CompactTree();
  const ved = vedDb ? new Tree({ db: vedDb }) : new CompactTree();
  const g = await initGenesis(doc, params, services, { ved, ued });
  log(`genesis: ${genesisAccounts.length} accounts`);
  await bulkInsert(ued, params, sendersPerDomain, uedAcc, log);
  // A compact tree is built without a store (the bulk load commits version 0 repeatedly); its
  // state log starts from a snapshot of that content, as a node's large genesis would.
  const adopt = (d: 'ued' | 'ved', t: StateTree) =>
    t instanceof CompactTree
      ? CompactState.adopt(`${dir}/${d}-log`, t, { namespace: domainNamespace(d, params.chainContext) })
      : undefined;
  const cpu0 = process.cpuUsage();
  const uedState = await adopt('ued', ued);
  const cpu1 = process.cpuUsage(cpu0);
  const vedState = await adopt('ved', ved);
  if (uedState || vedState) log('snapshots of the compact domains written');
  return {
    params,
    services,
    vedSet: g.vedSet,
    ued: { tree: ued, db: uedDb, state: uedState, parentHash: g.ued.domainHash, accounts: uedAcc },
    ved: { tree: ved, db: vedDb, state: vedState, parentHash: g.ved.domainHash, accounts: vedAcc },
    timeMs: T0,
    snapshotCpuUs: uedState ? cpu1.user + cpu1.system : 0,
  };
}

/**
 * Insert accounts `from`..count−1 of the UED in address order (see {@link spreadAddress}), in
 * batches each committed at version 0, so each batch touches only its own key range.
 */
async function bulkInsert(
  tree: StateTree,
  params: ChainParams,
  from: number,
  acc: DomainAccounts,
  log: (s: string) => void,
): Promise<void> {
  const value = encodeAccount({ balance: BALANCE, nonce: 0n, mapping: Mapping.RW_UED, owner: 'system' });
  const ns = domainNamespace('ued', params.chainContext);
  for (let start = from; start < acc.count; start += BULK_BATCH) {
    const end = Math.min(acc.count, start + BULK_BATCH);
    for (let i = start; i < end; i++) await tree.insert(accountKey(acc.address(i)), value);
    await tree.commit(ns, 0n);
    log(`bulk: ${end} UED accounts`);
  }
}
