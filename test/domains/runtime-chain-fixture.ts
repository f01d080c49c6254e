/**
 * A chain with the runtime programs for the end-to-end scenarios: one validator, three entities
 * each with one compute node, one runtime owned by entity 0, all registered by transactions; the
 * entities' escrows and the runtime's account funded at genesis. Builders of the registration and
 * ExecutorCommit transactions and readers of both domains.
 */
import assert from 'node:assert/strict';
import {
  addressFromPublicKey,
  addressFromRuntimeId,
  hash,
  multiSignValue,
  type Signer,
  signValue,
  utf8,
} from '../../src/common/index.js';
import { accountKey, decodeAccount, type KvState, Mapping } from '../../src/consensus/index.js';
import {
  ChainApp,
  type ChainAppOptions,
  createPrograms,
  DEFAULT_REGISTRY_PARAMS,
  RuntimeQueries,
  vedView,
} from '../../src/domains/index.js';
import {
  entityCodec,
  entityContext,
  genesisEntityContext,
  genesisNodeContext,
  METHOD_REGISTER_ENTITY,
  METHOD_REGISTER_NODE,
  METHOD_REGISTER_RUNTIME,
  nodeCodec,
  nodeContext,
  type Runtime,
  registryGenesisCodec,
  runtimeCodec,
  type StakeClaims,
} from '../../src/services/registry/index.js';
import {
  blockHeaderHash,
  type ExecutorCommitment,
  executorCommitBodyCodec,
  type IncomingMessage,
  inMessagesHash,
  METHOD_EXECUTOR_COMMIT,
  messagesHash,
  type RuntimeMessage,
  signExecutorCommitment,
} from '../../src/services/roothash/index.js';
import { type Committee, CommitteeKind } from '../../src/services/scheduler/index.js';
import { type Escrow, StakingReader } from '../../src/services/staking/index.js';
import { addrOf, key, signTx, step, testGenesis, user } from '../helpers/chain-app.js';
import { nodeKeys, RT_ID, runtimeDesc, ver } from '../services/registry/context.js';

/** Entity keys (3) and their nodes' five keys. */
export const entities = [key(30, 5), key(31, 5), key(32, 5)];
export const nodes = [nodeKeys(40), nodeKeys(50), nodeKeys(60)];
/** The runtime id and its staking account. */
export const RUNTIME = RT_ID;
export const RUNTIME_ACCOUNT = addressFromRuntimeId(RT_ID);
/** Escrow of each entity at genesis, and the slash amounts the runtime configures. */
export const ESCROW = 10_000n;
export const SLASH_BAD = 1_000n;
export const SLASH_LIVENESS = 500n;
export const SLASH_EQUIVOCATION = 300n;

/** The runtime descriptor: 2 workers, 1 backup, short timeouts, slashing for bad results and liveness. */
export function runtime(): Runtime {
  const base = runtimeDesc(entities[0]!.publicKey);
  return {
    ...base,
    executor: {
      ...base.executor,
      round_timeout: 2n,
      min_live_rounds_percent: 80,
      min_live_rounds_eval: 1n,
      max_liveness_fails: 1,
    },
    txn_scheduler: { ...base.txn_scheduler, max_in_messages: 4 },
    staking: {
      ...base.staking,
      min_in_message_fee: 5n,
      slashing: [
        { reason: 0x80, amount: SLASH_BAD, freeze_interval: 0n },
        { reason: 0x81, amount: SLASH_EQUIVOCATION, freeze_interval: 0n },
        { reason: 0x82, amount: SLASH_LIVENESS, freeze_interval: 2n },
      ],
    },
  };
}

/** Node i's descriptor (expires at epoch 5, serves the runtime, compute role). */
function nodeDescriptor(i: number) {
  const k = nodes[i]!;
  return {
    v: 3,
    id: k.id.publicKey,
    entity_id: entities[i]!.publicKey,
    expiration: 5n,
    tls: { pub_key: k.tls.publicKey, addresses: ['127.0.0.1:9100'] },
    p2p: { id: k.p2p.publicKey, addresses: [] },
    consensus: { id: k.consensus.publicKey, addresses: [] },
    vrf: { id: k.vrf.publicKey },
    runtimes: [{ id: RUNTIME, version: ver(1) }],
    roles: 1,
  };
}

const allKeys = (i: number): Signer[] => {
  const k = nodes[i]!;
  return [k.id, k.consensus, k.p2p, k.tls, k.vrf];
};

const entityDescriptor = (i: number) => ({
  v: 2,
  id: entities[i]!.publicKey,
  nodes: [nodes[i]!.id.publicKey],
});

/** The registry genesis section registering everything (genesis signature contexts). */
function registryGenesis(rt: Runtime): unknown {
  return registryGenesisCodec.toCbor(
    {
      params: { ...DEFAULT_REGISTRY_PARAMS },
      entities: entities.map((e, i) =>
        signValue(e, genesisEntityContext(), entityCodec, entityDescriptor(i)),
      ),
      runtimes: [rt],
      nodes: nodes.map((_, i) =>
        multiSignValue(allKeys(i), genesisNodeContext(), nodeCodec, nodeDescriptor(i)),
      ),
    },
    '',
  );
}

/** Options of {@link runtimeChain}. */
export interface ChainOptions {
  /** Stake claims replacing the snapshot's. */
  claims?: StakeClaims;
  /** Register entities, runtime and nodes in the genesis document instead of by transactions. */
  inGenesis?: boolean;
  /** The registry's stake thresholds by kind. */
  thresholds?: { kind: number; amount: bigint }[];
  /** The runtime descriptor to register (default {@link runtime}). */
  runtime?: Runtime;
  /** ChainApp's `onExecuted` (receipts and, for the VED, the block hooks' events). */
  onExecuted?: ChainAppOptions['onExecuted'];
}

/** The runtime descriptor each chain registers. */
const descriptors = new WeakMap<ChainApp, Runtime>();

/** A chain (epochs of 10 blocks) with the runtime programs (see {@link ChainOptions}). */
export async function runtimeChain(o: ChainOptions = {}): Promise<ChainApp> {
  return (await runtimeChainWithGenesis(o)).app;
}

/** {@link runtimeChain} with the genesis document it started from (for an API backend). */
export async function runtimeChainWithGenesis(o: ChainOptions = {}) {
  const g = testGenesis(1, { users: 2, epochInterval: 10n });
  const rt = o.runtime ?? runtime();
  if (o.inGenesis) g.services.registry = registryGenesis(rt);
  if (o.thresholds) {
    const params = { ...DEFAULT_REGISTRY_PARAMS, stake_thresholds: o.thresholds };
    g.services.registry = registryGenesisCodec.toCbor({ params }, '');
  }
  const signers: Signer[] = [...entities, ...nodes.map((n) => n.id)];
  for (const s of signers)
    g.accounts.push({ address: addrOf(s), balance: 1_000_000n, mapping: Mapping.RW_VED, owner: 'system' });
  g.accounts.push({
    address: RUNTIME_ACCOUNT,
    balance: 1_000_000n,
    mapping: Mapping.RW_UED,
    owner: 'system',
  });
  const staking = g.services.staking as {
    delegations: { delegator: Uint8Array; account: Uint8Array; amount: bigint }[];
  };
  for (const e of entities) {
    staking.delegations.push({
      delegator: addrOf(user(0)),
      account: addressFromPublicKey(e.publicKey),
      amount: ESCROW,
    });
  }
  const programs = createPrograms(g, o.claims ? { runtime: { stakeClaims: o.claims } } : {});
  const app = await ChainApp.create({
    genesis: g,
    programs,
    ...(o.onExecuted ? { onExecuted: o.onExecuted } : {}),
  });
  descriptors.set(app, rt);
  return { app, genesis: g };
}

/** The registration transactions of block 1: entities, the runtime, the nodes. */
export function registrationTxs(app: ChainApp): Uint8Array[] {
  const chain = app.programs.params.chainContext;
  const txs = entities.map((e, i) => {
    const body = signValue(e, entityContext(chain), entityCodec, {
      v: 2,
      id: e.publicKey,
      nodes: [nodes[i]!.id.publicKey],
    });
    return signTx(app, e, 0n, METHOD_REGISTER_ENTITY, body);
  });
  const rt = descriptors.get(app) ?? runtime();
  txs.push(signTx(app, entities[0]!, 1n, METHOD_REGISTER_RUNTIME, runtimeCodec.toCbor(rt, '')));
  nodes.forEach((k, i) => {
    const n = nodeDescriptor(i);
    const body = multiSignValue([k.id, k.consensus, k.p2p, k.tls, k.vrf], nodeContext(chain), nodeCodec, n);
    txs.push(signTx(app, k.id, 0n, METHOD_REGISTER_NODE, body));
  });
  return txs;
}

/** Queries over the app's committed VED. */
export const queries = (app: ChainApp): RuntimeQueries => new RuntimeQueries(vedView(app.vedTree));

/** Step empty blocks until the committed height is `h`. */
export async function stepTo(app: ChainApp, h: bigint): Promise<void> {
  while (app.committed.height < h) await step(app, []);
}

/** A state root for a label (honest nodes agree, liars differ). */
export const rootOf = (label: string): Uint8Array => hash(utf8(`runtime-chain/${label}`));

/**
 * A commitment by `node` for `scheduler`'s batch on the runtime's latest block; every commitment
 * names the batch's messages hash, only the scheduler's carries the messages.
 */
export async function commitment(
  app: ChainApp,
  node: Signer,
  scheduler: Uint8Array,
  label: string,
  messages: RuntimeMessage[] = [],
  inMsgs: { msgs: IncomingMessage[]; hash?: Uint8Array } = { msgs: [] },
): Promise<ExecutorCommitment> {
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  const header = {
    round: st.round + 1n,
    previous_hash: blockHeaderHash(st.latest_block),
    io_root: rootOf(`io/${label}`),
    state_root: rootOf(label),
    messages_hash: messagesHash(messages),
    in_msgs_hash: inMsgs.hash ?? inMessagesHash(inMsgs.msgs),
    in_msgs_count: inMsgs.msgs.length,
  };
  const h = { scheduler_id: scheduler, header, failure: 0 };
  const own = Buffer.compare(node.publicKey, scheduler) === 0 ? messages : [];
  return signExecutorCommitment(node, RUNTIME, app.programs.params.chainContext, h, own);
}

const nonces = new Map<string, bigint>();
let firstNonce = 1n;

/** An ExecutorCommit transaction carrying `c`, paid by its node (nonces tracked per node). */
export function commitTx(app: ChainApp, node: Signer, c: ExecutorCommitment): Uint8Array {
  const k = Buffer.from(node.publicKey).toString('hex');
  const nonce = nonces.get(k) ?? firstNonce;
  nonces.set(k, nonce + 1n);
  const body = executorCommitBodyCodec.toCbor({ id: RUNTIME, commits: [c], storage_receipts: [] }, '');
  return signTx(app, node, nonce, METHOD_EXECUTOR_COMMIT, body);
}

/** Forget the tracked nonces (a new chain whose nodes have sent `first` transactions). */
export function resetNonces(first = 1n): void {
  nonces.clear();
  firstNonce = first;
}

/** The escrow of an account in the app's UED. */
export function uedEscrow(app: ChainApp, account: Uint8Array): Promise<Escrow> {
  const view = { get: (k: Uint8Array) => app.ued.get(k) } as unknown as KvState;
  return new StakingReader(view).escrow(account);
}

/** The signer of a node id. */
export function nodeSigner(id: Uint8Array): Signer {
  const k = nodes.find((n) => Buffer.compare(n.id.publicKey, id) === 0);
  if (!k) throw new TypeError('unknown node');
  return k.id;
}

/** An entity's escrow account. */
export const escrowOf = (entity: Signer): Uint8Array => addressFromPublicKey(entity.publicKey);

/** A UED account's balance. */
export async function uedBalance(app: ChainApp, a: Uint8Array): Promise<bigint> {
  const raw = await app.ued.get(accountKey(a));
  return raw === null ? 0n : decodeAccount(raw).balance;
}

/** The executor committee of the runtime at `epoch` (asserted present). */
export async function executor(app: ChainApp, epoch: bigint): Promise<Committee> {
  const c = await queries(app).committee(RUNTIME, CommitteeKind.executor, epoch);
  assert.ok(c, `an executor committee for epoch ${epoch}`);
  return c;
}

/** The members of a committee in `role`. */
export const byRole = (c: Committee, role: number) =>
  c.members.filter((m) => m.role === role).map((m) => m.public_key);

/** Register everything in block 1 and run to the first epoch with a committee (epoch 2, height 20). */
export async function elected(app: ChainApp): Promise<Committee> {
  resetNonces();
  const failedBefore = app.stats.failedReceipts;
  await step(app, registrationTxs(app));
  assert.equal(app.stats.failedReceipts, failedBefore, 'every registration succeeds');
  await stepTo(app, 10n);
  // Epoch 1: the nodes registered in epoch 0 sit out one epoch, so the runtime has no committee.
  const s1 = (await queries(app).runtimeStatus(RUNTIME))!;
  assert.equal(s1.suspended, true, 'RT-24: no committee at epoch 1');
  assert.equal((await queries(app).runtime(RUNTIME))!.suspended, true, 'registry bookkeeping follows');
  await stepTo(app, 20n);
  return executor(app, 2n);
}
