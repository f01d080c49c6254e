/**
 * `registry.RegisterRuntime` (RT-4): a runtime descriptor, registered or updated by its owner
 * entity. Updates keep the id, kind, owner, TEE hardware, genesis and key-manager presence; the
 * governance model may only move from entity to runtime; the active deployment stays and new
 * deployments start in the future.
 */
import { bytesEqual, CborError, toHex } from '../../../common/index.js';
import {
  activeDeployment,
  type Deployment,
  EVENT_RUNTIME_REGISTERED,
  GOVERNANCE_CONSENSUS,
  GOVERNANCE_ENTITY,
  GOVERNANCE_RUNTIME,
  RegistryError,
  RUNTIME_DESCRIPTOR_VERSION,
  RUNTIME_KIND_COMPUTE,
  RUNTIME_KIND_KEY_MANAGER,
  type Runtime,
  runtimeCodec,
  TEE_INTEL_TDX,
  versionEqual,
} from '../api/index.js';
import { type RegistryEnv, requireTxSigner } from './env.js';
import { requireVersion } from './open.js';
import {
  checkAdmission,
  checkDeployments,
  checkExecutor,
  checkStaking,
  checkStorage,
  checkTxnScheduler,
} from './runtime-checks.js';
import { checkRuntimeId } from './runtime-id.js';
import { requireEntityStake } from './stake.js';

function fail(code: number, msg: string): never {
  throw new RegistryError(code, `registry: ${msg}`);
}

async function checkKeyManager(env: RegistryEnv, rt: Runtime): Promise<void> {
  if (rt.key_manager === undefined) return;
  if (rt.kind === RUNTIME_KIND_KEY_MANAGER)
    fail(RegistryError.INVALID_KEY_MANAGER, 'a key manager has no key manager');
  const km = await env.w.runtime(rt.key_manager);
  if (km?.kind !== RUNTIME_KIND_KEY_MANAGER)
    fail(RegistryError.INVALID_KEY_MANAGER, 'key_manager is not a key-manager runtime');
}

/** Every check of a descriptor on its own (no update rules). */
export async function checkRuntime(env: RegistryEnv, rt: Runtime): Promise<void> {
  requireVersion(rt.v, RUNTIME_DESCRIPTOR_VERSION, 'runtime descriptor');
  if (rt.kind !== RUNTIME_KIND_COMPUTE && rt.kind !== RUNTIME_KIND_KEY_MANAGER) {
    fail(RegistryError.INVALID_RUNTIME_KIND, `unknown runtime kind ${rt.kind}`);
  }
  checkRuntimeId(rt.id, rt.kind, env.params);
  if (rt.tee_hardware > TEE_INTEL_TDX)
    fail(RegistryError.INVALID_TEE, `unknown TEE hardware ${rt.tee_hardware}`);
  if (rt.kind === RUNTIME_KIND_COMPUTE) {
    checkExecutor(rt.executor);
    checkTxnScheduler(rt.txn_scheduler);
  }
  checkStorage(rt.storage);
  checkAdmission(rt.admission_policy);
  checkStaking(rt.staking);
  if (![GOVERNANCE_ENTITY, GOVERNANCE_RUNTIME, GOVERNANCE_CONSENSUS].includes(rt.governance_model)) {
    fail(RegistryError.INVALID_GOVERNANCE, `unknown governance model ${rt.governance_model}`);
  }
  checkDeployments(rt.deployments);
  await checkKeyManager(env, rt);
}

function sameDeployment(a: Deployment, b: Deployment): boolean {
  const sums =
    a.bundle_checksum && b.bundle_checksum
      ? bytesEqual(a.bundle_checksum, b.bundle_checksum)
      : a.bundle_checksum === b.bundle_checksum;
  return a.valid_from === b.valid_from && versionEqual(a.version, b.version) && sums;
}

function checkDeploymentUpdate(prev: Runtime, next: Runtime, epoch: bigint): void {
  const code = RegistryError.INVALID_DEPLOYMENTS;
  const active = activeDeployment(prev, epoch);
  if (active && !next.deployments.some((d) => sameDeployment(d, active)))
    fail(code, 'the active deployment cannot change');
  for (const d of next.deployments) {
    const known = prev.deployments.some((p) => sameDeployment(p, d));
    if (!known && d.valid_from <= epoch) fail(code, 'a new deployment must start after the current epoch');
  }
}

function checkUpdate(prev: Runtime, next: Runtime, epoch: bigint, by = GOVERNANCE_ENTITY): void {
  const code = RegistryError.RUNTIME_UPDATE_NOT_ALLOWED;
  if (by === GOVERNANCE_ENTITY && prev.governance_model !== GOVERNANCE_ENTITY)
    fail(code, 'only entity-governed runtimes are updated by transaction');
  if (by === GOVERNANCE_RUNTIME && (prev.governance_model !== by || next.governance_model !== by))
    fail(code, 'only runtime-governed runtimes update themselves, and stay runtime-governed');
  if (prev.kind !== next.kind) fail(code, 'the runtime kind cannot change');
  if (!bytesEqual(prev.entity_id, next.entity_id)) fail(code, 'the owner entity cannot change');
  if (prev.tee_hardware !== next.tee_hardware) fail(code, 'the TEE hardware cannot change');
  if (
    !bytesEqual(prev.genesis.state_root, next.genesis.state_root) ||
    prev.genesis.round !== next.genesis.round
  ) {
    fail(code, 'the genesis block cannot change');
  }
  if ((prev.key_manager === undefined) !== (next.key_manager === undefined))
    fail(code, 'key manager cannot be added or removed');
  if (next.governance_model !== GOVERNANCE_ENTITY && next.governance_model !== GOVERNANCE_RUNTIME) {
    fail(code, 'governance may only change from entity to runtime');
  }
  checkDeploymentUpdate(prev, next, epoch);
}

/** Check and store a runtime registration or update. */
export async function registerRuntime(env: RegistryEnv, rt: Runtime): Promise<void> {
  await checkRuntime(env, rt);
  if ((await env.w.entity(rt.entity_id)) === null)
    fail(RegistryError.ENTITY_NOT_FOUND, `no entity ${toHex(rt.entity_id)}`);
  requireTxSigner(env, rt.entity_id, 'runtime registration');
  const prev = await env.w.runtime(rt.id);
  if (prev !== null) checkUpdate(prev, rt, env.epoch);
  else if (env.txSigner !== null && rt.governance_model === GOVERNANCE_CONSENSUS) {
    fail(RegistryError.INVALID_GOVERNANCE, 'consensus-governed runtimes are registered by governance only');
  }
  await requireEntityStake(env.ctx.state, env.claims, rt.entity_id, { runtime: rt });
  env.w.setRuntime(rt);
  env.emit(EVENT_RUNTIME_REGISTERED, { id: rt.id, entity_id: rt.entity_id });
}

/**
 * A runtime's own `registry.update_runtime` message (spec/oasis.md §8, RT-27): a runtime under
 * runtime governance replaces its descriptor, with every check and update rule of a transaction.
 * `raw` is the message's CBOR data model, decoded strictly here.
 */
export async function updateRuntimeByMessage(
  env: RegistryEnv,
  runtimeId: Uint8Array,
  raw: unknown,
): Promise<void> {
  let rt: Runtime;
  try {
    rt = runtimeCodec.fromCbor(raw, 'update_runtime');
  } catch (e) {
    if (!(e instanceof CborError)) throw e;
    return fail(RegistryError.MALFORMED_DESCRIPTOR, `update_runtime: ${e.message}`);
  }
  if (!bytesEqual(rt.id, runtimeId))
    fail(RegistryError.RUNTIME_UPDATE_NOT_ALLOWED, 'a runtime may only update its own descriptor');
  await checkRuntime(env, rt);
  const prev = await env.w.runtime(rt.id);
  if (prev === null) return fail(RegistryError.RUNTIME_NOT_FOUND, `no runtime ${toHex(rt.id)}`);
  checkUpdate(prev, rt, env.epoch, GOVERNANCE_RUNTIME);
  await requireEntityStake(env.ctx.state, env.claims, rt.entity_id, { runtime: rt });
  env.w.setRuntime(rt);
  env.emit(EVENT_RUNTIME_REGISTERED, { id: rt.id, entity_id: rt.entity_id });
}
