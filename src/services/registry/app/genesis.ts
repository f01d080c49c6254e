/**
 * Registry genesis: parameters, then entities, runtimes and nodes in that order (each depends on
 * the ones before), every descriptor checked by the same code as its transaction, without a
 * transaction signer and without gas.
 */
import { CborError, TandemError } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import {
  MAX_THRESHOLD_KIND,
  RegistryError,
  type RegistryGenesis,
  type RegistryParams,
  registryGenesisCodec,
  type StakeClaims,
} from '../api/index.js';
import { RegistryStateWriter } from '../state/index.js';
import { registerEntity } from './entity.js';
import { genesisEnv } from './env.js';
import { registerNode } from './node.js';
import { registerRuntime } from './runtime.js';

/** Largest `max_node_expiration` and `debonding_interval` (epochs) and maintenance gas. */
const MAX_EPOCHS = 1n << 32n;
const MAX_MAINTENANCE_GAS = 1n << 40n;

/** INVALID_PARAMS unless the parameters are in range. */
export function validateRegistryParams(p: RegistryParams): void {
  if (p.max_node_expiration < 1n || p.max_node_expiration > MAX_EPOCHS) {
    throw new RegistryError(RegistryError.INVALID_PARAMS, 'registry: max_node_expiration must be in 1..2^32');
  }
  if (p.debonding_interval > MAX_EPOCHS) {
    throw new RegistryError(RegistryError.INVALID_PARAMS, 'registry: debonding_interval above 2^32');
  }
  const kinds = new Set<number>();
  for (const t of p.stake_thresholds) {
    if (t.kind > MAX_THRESHOLD_KIND || kinds.has(t.kind)) {
      throw new RegistryError(
        RegistryError.INVALID_PARAMS,
        `registry: stake threshold kind ${t.kind} unknown or repeated`,
      );
    }
    kinds.add(t.kind);
  }
  if (p.runtime_epoch_maintenance > MAX_MAINTENANCE_GAS) {
    throw new RegistryError(RegistryError.INVALID_PARAMS, 'registry: runtime_epoch_maintenance above 2^40');
  }
}

function decodeGenesis(raw: unknown): RegistryGenesis {
  try {
    return registryGenesisCodec.fromCbor(raw, 'registry');
  } catch (e) {
    if (!(e instanceof CborError)) throw e;
    throw new RegistryError(RegistryError.INVALID_GENESIS, `registry genesis: ${e.message}`);
  }
}

async function entry(what: string, i: number, f: () => Promise<unknown>): Promise<void> {
  try {
    await f();
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new RegistryError(RegistryError.INVALID_GENESIS, `registry genesis: ${what}[${i}]: ${e.message}`, {
      cause: e.toWire(),
    });
  }
}

/** Write the registry's genesis state into `ctx.state` (VED). */
export async function initRegistryGenesis(
  ctx: BlockContext,
  raw: unknown,
  claims: StakeClaims,
): Promise<void> {
  const g = decodeGenesis(raw);
  validateRegistryParams(g.params);
  const w = new RegistryStateWriter(ctx.state);
  if ((await w.paramsOrNull()) !== null) {
    throw new RegistryError(RegistryError.INVALID_GENESIS, 'registry genesis: state already initialized');
  }
  w.setParams(g.params);
  const env = genesisEnv(ctx, g.params, claims);
  for (const [i, e] of (g.entities ?? []).entries()) await entry('entities', i, () => registerEntity(env, e));
  for (const [i, rt] of (g.runtimes ?? []).entries())
    await entry('runtimes', i, () => registerRuntime(env, rt));
  for (const [i, n] of (g.nodes ?? []).entries()) await entry('nodes', i, () => registerNode(env, n));
}
