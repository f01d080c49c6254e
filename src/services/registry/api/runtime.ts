/** Runtime descriptors (spec/oasis.md §6; RT-3, RT-4). */
import { array, bytes32, type Infer, optional, struct, u8, u16, u64 } from '../../../common/index.js';
import { MAX_DEPLOYMENTS } from './methods.js';
import {
  admissionPolicyCodec,
  executorParamsCodec,
  runtimeStakingCodec,
  storageParamsCodec,
  txnSchedulerParamsCodec,
} from './runtime-params.js';
import { type Version, versionCodec } from './version.js';

/** Runtime kind: compute. */
export const RUNTIME_KIND_COMPUTE = 1;
/** Runtime kind: key manager (its id carries the key-manager flag). */
export const RUNTIME_KIND_KEY_MANAGER = 2;

/** TEE hardware: none. */
export const TEE_NONE = 0;
/** TEE hardware: Intel SGX. */
export const TEE_INTEL_SGX = 1;
/** TEE hardware: Intel TDX. */
export const TEE_INTEL_TDX = 2;

/** Governance: the owner entity, by transaction. */
export const GOVERNANCE_ENTITY = 1;
/** Governance: the runtime itself, through its messages. */
export const GOVERNANCE_RUNTIME = 2;
/** Governance: consensus governance proposals. */
export const GOVERNANCE_CONSENSUS = 3;

/** A deployment: the version active from `valid_from` on. */
export const deploymentCodec = struct(
  { version: versionCodec, valid_from: u64, bundle_checksum: optional(bytes32) },
  'VersionInfo',
);
/** A deployment. */
export type Deployment = Infer<typeof deploymentCodec>;

/** A runtime descriptor. */
export const runtimeCodec = struct(
  {
    v: u16,
    id: bytes32,
    entity_id: bytes32,
    genesis: struct({ state_root: bytes32, round: u64 }, 'RuntimeGenesis'),
    kind: u8,
    tee_hardware: u8,
    key_manager: optional(bytes32),
    executor: executorParamsCodec,
    txn_scheduler: txnSchedulerParamsCodec,
    storage: storageParamsCodec,
    admission_policy: admissionPolicyCodec,
    staking: runtimeStakingCodec,
    governance_model: u8,
    deployments: array(deploymentCodec, MAX_DEPLOYMENTS),
  },
  'Runtime',
);
/** A runtime descriptor. */
export type Runtime = Infer<typeof runtimeCodec>;

/** The deployment active at `epoch`: greatest `valid_from` ≤ epoch, or null if none yet. */
export function activeDeployment(rt: Runtime, epoch: bigint): Deployment | null {
  let best: Deployment | null = null;
  for (const d of rt.deployments) {
    if (d.valid_from <= epoch && (best === null || d.valid_from > best.valid_from)) best = d;
  }
  return best;
}

/** The version active at `epoch`, or null. */
export function activeVersion(rt: Runtime, epoch: bigint): Version | null {
  return activeDeployment(rt, epoch)?.version ?? null;
}
