/**
 * Fixtures for the registry tests: block and transaction contexts over a {@link MemoryKvState} (gas
 * recorded), deterministic keys, and builders of signed entity and node descriptors and of a
 * valid runtime descriptor.
 */
import {
  Ed25519Signer,
  encodeWith,
  multiSignValue,
  namespaceFromSeed,
  type Signer,
  signValue,
} from '../../../src/common/index.js';
import type { BlockContext, Ledger, Service, ServiceEvent, TxContext } from '../../../src/consensus/index.js';
import {
  createRegistryService,
  type Entity,
  entityCodec,
  entityContext,
  GOVERNANCE_ENTITY,
  genesisEntityContext,
  type MultiSignedNode,
  type Node,
  nodeCodec,
  nodeContext,
  type RegistryParams,
  ROLE_COMPUTE,
  RUNTIME_KIND_COMPUTE,
  type Runtime,
  registryGenesisCodec,
  type SignedEntity,
  type StakeClaims,
  type Version,
} from '../../../src/services/registry/index.js';
import { MemoryKvState } from '../../helpers/kv-state.js';

/** A version `major.0.0`. */
export const ver = (major: number): Version => ({ major, minor: 0, patch: 0 });

/** A 64-hex chain context (signature contexts require one). */
export const CHAIN = 'ab'.repeat(32);

const noLedger: Ledger = { balance: async () => 0n, credit: async () => {}, debit: async () => {} };

/** A block context; `events` collects what the service emits. */
export function blockCtx(state: MemoryKvState, epoch: bigint): BlockContext & { events: ServiceEvent[] } {
  const events: ServiceEvent[] = [];
  return {
    chainContext: CHAIN,
    domain: 'ved',
    height: epoch * 10n,
    epoch,
    timeMs: 1_700_000_000_000n + epoch,
    state,
    ledger: noLedger,
    events,
    emit: (e) => events.push(e),
  };
}

/** A transaction context signed by `signer`; `gas` sums what the handler charged. */
export function txCtx(
  state: MemoryKvState,
  epoch: bigint,
  signer: Uint8Array,
): TxContext & { events: ServiceEvent[]; gas: bigint[] } {
  const gas: bigint[] = [];
  return {
    ...blockCtx(state, epoch),
    signer,
    feePayer: signer,
    accounts: [],
    gas,
    useGas: (n) => gas.push(n),
  };
}

/** A deterministic signer from a small number. */
export function key(n: number): Ed25519Signer {
  return Ed25519Signer.fromSeed(new Uint8Array(32).fill(n));
}

/** Default parameters of the tests. */
export const PARAMS: RegistryParams = {
  max_node_expiration: 5n,
  debonding_interval: 2n,
  runtime_epoch_maintenance: 1000n,
  allow_test_runtimes: false,
  stake_thresholds: [],
};

/** Sign an entity descriptor. */
export function signEntity(signer: Signer, e: Entity): SignedEntity {
  return signValue(signer, entityContext(CHAIN), entityCodec, e);
}

/** An entity descriptor for the genesis document (genesis context, no chain separation). */
export function genesisEntity(signer: Signer, nodes: Uint8Array[]): SignedEntity {
  return signValue(signer, genesisEntityContext(), entityCodec, { v: 2, id: signer.publicKey, nodes });
}

/** An entity whitelisting the given node ids, signed by `signer`. */
export function entity(signer: Signer, nodes: Uint8Array[]): SignedEntity {
  return signEntity(signer, { v: 2, id: signer.publicKey, nodes });
}

/** The five keys of a node: identity, consensus, p2p, TLS, VRF. */
export interface NodeKeys {
  id: Ed25519Signer;
  consensus: Ed25519Signer;
  p2p: Ed25519Signer;
  tls: Ed25519Signer;
  vrf: Ed25519Signer;
}

/** Node keys from seed bytes base..base+4. */
export function nodeKeys(base: number): NodeKeys {
  return {
    id: key(base),
    consensus: key(base + 1),
    p2p: key(base + 2),
    tls: key(base + 3),
    vrf: key(base + 4),
  };
}

/** A node descriptor for `keys` owned by `entityId`. */
export function nodeDesc(keys: NodeKeys, entityId: Uint8Array, over: Partial<Node> = {}): Node {
  return {
    v: 3,
    id: keys.id.publicKey,
    entity_id: entityId,
    expiration: 3n,
    tls: { pub_key: keys.tls.publicKey, addresses: ['127.0.0.1:9100'] },
    p2p: { id: keys.p2p.publicKey, addresses: ['node.example:9200'] },
    consensus: { id: keys.consensus.publicKey, addresses: [] },
    vrf: { id: keys.vrf.publicKey },
    runtimes: [{ id: RT_ID, version: ver(1) }],
    roles: ROLE_COMPUTE,
    ...over,
  };
}

/** Sign a node descriptor with the given signers (default: all five keys). */
export function signNode(n: Node, signers: Signer[]): MultiSignedNode {
  return multiSignValue(signers, nodeContext(CHAIN), nodeCodec, n);
}

/** All five signers of a node. */
export const allSigners = (k: NodeKeys): Signer[] => [k.id, k.consensus, k.p2p, k.tls, k.vrf];

/** The runtime id of the tests. */
export const RT_ID = namespaceFromSeed('registry-test-runtime');

/** A valid compute runtime owned by `entityId`. */
export function runtimeDesc(entityId: Uint8Array, over: Partial<Runtime> = {}): Runtime {
  return {
    v: 3,
    id: RT_ID,
    entity_id: entityId,
    genesis: { state_root: new Uint8Array(32), round: 0n },
    kind: RUNTIME_KIND_COMPUTE,
    tee_hardware: 0,
    executor: {
      group_size: 2,
      group_backup_size: 1,
      allowed_stragglers: 0,
      round_timeout: 20n,
      max_messages: 128,
      min_live_rounds_percent: 0,
      max_missed_proposals_percent: 0,
      min_live_rounds_eval: 0n,
      max_liveness_fails: 0,
    },
    txn_scheduler: {
      batch_flush_timeout: 1000n,
      max_batch_size: 100n,
      max_batch_size_bytes: 1n << 20n,
      max_in_messages: 0,
      propose_batch_timeout: 2000n,
    },
    storage: {
      group_size: 0,
      min_write_replication: 0,
      checkpoint_interval: 0n,
      checkpoint_num_kept: 0n,
      checkpoint_chunk_size: 0n,
    },
    admission_policy: { any_node: {} },
    staking: { reward_equivocation: 0, reward_bad_results: 0, min_in_message_fee: 0n },
    governance_model: GOVERNANCE_ENTITY,
    deployments: [{ version: ver(1), valid_from: 0n }],
    ...over,
  };
}

/** A chain: service, state, the owner entity key and its first node's keys. */
export interface Chain {
  svc: Service;
  state: MemoryKvState;
  owner: Ed25519Signer;
  node: NodeKeys;
}

/** Genesis with params, the owner entity (whitelisting `node`) and the test runtime. */
export async function chain(
  opts: { params?: Partial<RegistryParams>; claims?: StakeClaims; runtime?: Partial<Runtime> } = {},
): Promise<Chain> {
  const svc = createRegistryService(opts.claims ? { stakeClaims: opts.claims } : {});
  const state = new MemoryKvState();
  const owner = key(1);
  const node = nodeKeys(10);
  const genesis = {
    params: { ...PARAMS, ...opts.params },
    entities: [genesisEntity(owner, [node.id.publicKey, key(20).publicKey])],
    runtimes: [runtimeDesc(owner.publicKey, opts.runtime)],
  };
  // initGenesis takes the CBOR data model, as the genesis document loader hands it over.
  await svc.initGenesis!(blockCtx(state, 0n), registryGenesisCodec.toCbor(genesis, ''));
  return { svc, state, owner, node };
}

/** Run method `name` of `svc` as a transaction. */
export async function call(svc: Service, ctx: TxContext, name: string, body: unknown): Promise<void> {
  const m = svc.methods.find((x) => x.name === name);
  if (!m) throw new TypeError(`no method ${name}`);
  // Through the body codec's wire form, as the executor would decode it.
  const decoded = m.body.fromCbor(m.body.toCbor(body, ''), '');
  await m.handle(ctx, decoded);
}

/** The encoded bytes of a body (for size checks). */
export function bodyBytes(svc: Service, name: string, body: unknown): Uint8Array {
  const m = svc.methods.find((x) => x.name === name)!;
  return encodeWith(m.body, body);
}
