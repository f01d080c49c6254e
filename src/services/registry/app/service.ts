/** The registry as a consensus program (VED): genesis, the epoch hook and its five methods. */
import type { BlockContext, MethodDef, Service } from '../../../consensus/index.js';
import {
  boundedMultiSignedCodec,
  boundedSignedCodec,
  bypassStakeClaims,
  type DeregisterEntityBody,
  deregisterEntityCodec,
  GAS_DEREGISTER_ENTITY,
  GAS_REGISTER_ENTITY,
  GAS_REGISTER_NODE,
  GAS_REGISTER_RUNTIME,
  GAS_UNFREEZE_NODE,
  METHOD_DEREGISTER_ENTITY,
  METHOD_REGISTER_ENTITY,
  METHOD_REGISTER_NODE,
  METHOD_REGISTER_RUNTIME,
  METHOD_UNFREEZE_NODE,
  type MultiSignedNode,
  REGISTRY_MODULE,
  type Runtime,
  runtimeCodec,
  type SignedEntity,
  type UnfreezeNodeBody,
  unfreezeNodeCodec,
} from '../api/index.js';
import { deregisterEntity, registerEntity } from './entity.js';
import { txEnv } from './env.js';
import { processExpiredNodes } from './expiry.js';
import { initRegistryGenesis } from './genesis.js';
import { registerNode } from './node.js';
import type { RegistryOptions } from './options.js';
import { registerRuntime } from './runtime.js';
import { unfreezeNode } from './status.js';

/** The registry lives in the VED only; hooks called for another domain do nothing. */
const inVed = (ctx: BlockContext): boolean => ctx.domain === 'ved';

/** Build the registry service. */
export function createRegistryService(opts: RegistryOptions = {}): Service {
  const claims = opts.stakeClaims ?? bypassStakeClaims;
  const registerEntityM: MethodDef<SignedEntity> = {
    name: METHOD_REGISTER_ENTITY,
    domain: 'ved',
    body: boundedSignedCodec,
    gas: GAS_REGISTER_ENTITY,
    handle: async (ctx, body) => registerEntity(await txEnv(ctx, claims), body),
  };
  const deregisterEntityM: MethodDef<DeregisterEntityBody> = {
    name: METHOD_DEREGISTER_ENTITY,
    domain: 'ved',
    body: deregisterEntityCodec,
    gas: GAS_DEREGISTER_ENTITY,
    handle: async (ctx) => deregisterEntity(await txEnv(ctx, claims), ctx.signer),
  };
  const registerNodeM: MethodDef<MultiSignedNode> = {
    name: METHOD_REGISTER_NODE,
    domain: 'ved',
    body: boundedMultiSignedCodec,
    gas: GAS_REGISTER_NODE,
    handle: async (ctx, body) => {
      await registerNode(await txEnv(ctx, claims), body);
    },
  };
  const unfreezeNodeM: MethodDef<UnfreezeNodeBody> = {
    name: METHOD_UNFREEZE_NODE,
    domain: 'ved',
    body: unfreezeNodeCodec,
    gas: GAS_UNFREEZE_NODE,
    handle: async (ctx, body) => unfreezeNode(await txEnv(ctx, claims), body.node_id),
  };
  const registerRuntimeM: MethodDef<Runtime> = {
    name: METHOD_REGISTER_RUNTIME,
    domain: 'ved',
    body: runtimeCodec,
    gas: GAS_REGISTER_RUNTIME,
    handle: async (ctx, body) => registerRuntime(await txEnv(ctx, claims), body),
  };
  return {
    name: REGISTRY_MODULE,
    methods: [registerEntityM, deregisterEntityM, registerNodeM, unfreezeNodeM, registerRuntimeM],
    async initGenesis(ctx, genesis) {
      if (inVed(ctx)) await initRegistryGenesis(ctx, genesis, claims);
    },
    async onEpoch(ctx, epoch) {
      if (inVed(ctx)) await processExpiredNodes(ctx, epoch);
    },
  };
}
