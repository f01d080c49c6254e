/**
 * The runtime governance programs (issue 6) composed for a chain: registry, scheduler and roothash,
 * all three VED programs (DESIGN.md §1; docs/state.md, "Runtime programs"), wired to each other
 * through their sources (runtime-sources.ts), to the registry and the UED through roothash's hooks
 * and outbox (runtime-hooks.ts, runtime-outbox.ts). A genesis without their sections gets empty
 * defaults, so every chain can register runtimes later by transaction.
 */

import { fromHex } from '../common/index.js';
import type { GenesisDocument, Service } from '../consensus/index.js';
import {
  createRegistryService,
  REGISTRY_MODULE,
  type RegistryParams,
  registryGenesisCodec,
  replaceOwnerStakes,
  type StakeClaims,
  snapshotStakeClaims,
} from '../services/registry/index.js';
import {
  createRoothashService,
  importInbox,
  livenessBeforeElection,
  ROOTHASH_MODULE,
  type RoothashSources,
  roothashGenesisCodec,
} from '../services/roothash/index.js';
import {
  createSchedulerService,
  DEFAULT_SCHEDULER_PARAMS,
  SCHEDULER_MODULE,
  schedulerGenesisCodec,
} from '../services/scheduler/index.js';
import { pinnedStake } from './cross-domain.js';
import { DomainsError } from './errors.js';
import { roothashHooks } from './runtime-hooks.js';
import { pinnedInbox } from './runtime-inbox.js';
import { executeOutbox } from './runtime-outbox.js';
import { registryCandidateSource, registryRuntimeSource, roothashLookups } from './runtime-sources.js';
import { genesisStake } from './vote-wiring.js';

/** Names of the runtime programs, in hook order (the beacon's epoch hook must run before them). */
export const RUNTIME_PROGRAM_NAMES = [REGISTRY_MODULE, SCHEDULER_MODULE, ROOTHASH_MODULE] as const;

/** Registry parameters of a genesis without a registry section. */
export const DEFAULT_REGISTRY_PARAMS: RegistryParams = {
  max_node_expiration: 5n,
  debonding_interval: 2n,
  runtime_epoch_maintenance: 1000n,
  allow_test_runtimes: false,
  stake_thresholds: [],
};

/** Options of {@link runtimePrograms}. */
export interface RuntimeProgramsOptions {
  /**
   * Escrow checks of registrations and of runtime owners at elections (RT-25); default: the
   * stake snapshot against the registry's `stake_thresholds` ({@link snapshotStakeClaims}).
   */
  readonly stakeClaims?: StakeClaims;
}

/**
 * The registry keeping the stake snapshot its claims read: the staking genesis allocation at
 * genesis, then at each epoch start N ≥ 1 the pinned UED snapshot of the end of N − 1.
 */
function registryWithStake(base: Service, genesis: GenesisDocument): Service {
  const allocation = [...genesisStake(genesis.services.staking)].map(([hex, balance]) => ({
    account: fromHex(hex),
    balance,
  }));
  return {
    ...base,
    async initGenesis(ctx, g) {
      if (ctx.domain === 'ved') await replaceOwnerStakes(ctx.state, allocation);
      await base.initGenesis?.(ctx, g);
    },
    async onEpoch(ctx, epoch) {
      if (ctx.domain === 'ved' && epoch >= 1n) {
        await replaceOwnerStakes(ctx.state, pinnedStake(ctx.crossDomain, epoch - 1n).entries);
      }
      await base.onEpoch?.(ctx, epoch);
    },
  };
}

/** A service whose genesis section defaults to `fallback` (CBOR data model) when absent. */
function withDefaultGenesis(base: Service, fallback: () => unknown): Service {
  return { ...base, initGenesis: (ctx, g) => base.initGenesis!(ctx, g ?? fallback()) };
}

/** INVALID_GENESIS unless each runtime program is a VED program when genesis configures it. */
function checkVedPrograms(genesis: GenesisDocument): void {
  const ved = genesis.params.ved_programs;
  for (const name of RUNTIME_PROGRAM_NAMES) {
    if (genesis.services[name] !== undefined && !ved.includes(name)) {
      throw new DomainsError(
        DomainsError.INVALID_GENESIS,
        `${name} is a VED program: list it in params.ved_programs`,
      );
    }
  }
}

/**
 * Registry, scheduler and roothash for `genesis`. They only act where they are mapped into the
 * VED (params.ved_programs); roothash's UED hook executes the pinned outbox.
 */
export function runtimePrograms(genesis: GenesisDocument, opts: RuntimeProgramsOptions = {}): Service[] {
  checkVedPrograms(genesis);
  const claims = opts.stakeClaims ?? snapshotStakeClaims;
  const registry = withDefaultGenesis(
    registryWithStake(createRegistryService({ stakeClaims: claims }), genesis),
    () => registryGenesisCodec.toCbor({ params: DEFAULT_REGISTRY_PARAMS }, ''),
  );
  const src: RoothashSources = { ...roothashLookups(), ...roothashHooks(claims) };
  const elect = withDefaultGenesis(
    createSchedulerService({
      runtimes: registryRuntimeSource(claims),
      candidates: registryCandidateSource(claims),
    }),
    () => schedulerGenesisCodec.toCbor({ params: DEFAULT_SCHEDULER_PARAMS }, ''),
  );
  // Liveness first, so the elections already leave out the nodes it suspends or freezes.
  const scheduler: Service = {
    ...elect,
    async onEpoch(ctx, epoch) {
      if (ctx.domain === 'ved') await livenessBeforeElection(ctx, src, epoch);
      await elect.onEpoch?.(ctx, epoch);
    },
  };
  const base = createRoothashService(src);
  const roothash: Service = {
    ...withDefaultGenesis(base, () => roothashGenesisCodec.toCbor({ runtimes: [] }, '')),
    async beginBlock(ctx) {
      await base.beginBlock?.(ctx);
      await executeOutbox(ctx);
    },
    async onEpoch(ctx, epoch) {
      if (ctx.domain === 'ved') await importInbox(ctx, src, pinnedInbox(ctx.crossDomain));
      await base.onEpoch?.(ctx, epoch);
    },
  };
  return [registry, scheduler, roothash];
}
