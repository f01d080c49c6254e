/**
 * The composition of the consensus programs (issues 5 and 6): system, epochtime, vote, staking,
 * beacon and the runtime programs (registry, scheduler, roothash; runtime-programs.ts) as one
 * service list, with the vote program's hooks wired to staking through pinned cross-domain
 * records (see vote-wiring.ts and docs/state.md, "Cross-domain flows"). The list order is the
 * order block hooks run in.
 */
import {
  type ChainParams,
  chainParamsFromGenesis,
  type GenesisDocument,
  type Service,
  validateGenesis,
} from '../consensus/index.js';
import { type BeaconOptions, createBeaconService } from '../services/beacon/index.js';
import { epochtimeService, FixedEpochSchedule } from '../services/epochtime/index.js';
import { stakingService } from '../services/staking/index.js';
import { systemService } from '../services/system/index.js';
import { DEFAULT_VOTE_PARAMS, type VoteParams, validateParams, voteService } from '../services/vote/index.js';
import { DomainsError } from './errors.js';
import { normalizeVoteGenesis } from './genesis-text.js';
import { RUNTIME_PROGRAM_NAMES, type RuntimeProgramsOptions, runtimePrograms } from './runtime-programs.js';
import { voteBlockInputs, voteHooks } from './vote-wiring.js';

/** Options of {@link createPrograms}. */
export interface ProgramsOptions {
  readonly beacon?: BeaconOptions;
  /** Vote parameters other than the minimum stake (which genesis fixes). */
  readonly vote?: Partial<Omit<VoteParams, 'minStake'>>;
  /** Options of the runtime programs (stake claims). */
  readonly runtime?: RuntimeProgramsOptions;
}

/** The wired programs of a chain and the executor's chain params. */
export interface Programs {
  readonly services: readonly Service[];
  readonly params: ChainParams;
  readonly schedule: FixedEpochSchedule;
  readonly voteParams: VoteParams;
}

/** The program names, in hook order. */
export const PROGRAM_NAMES = [
  'system',
  'epochtime',
  'vote',
  'staking',
  'beacon',
  ...RUNTIME_PROGRAM_NAMES,
] as const;

/** The vote service with its per-block step (commit votes, evidence) added as `beginBlock`. */
function wiredVote(genesis: GenesisDocument, p: VoteParams): Service {
  const hooks = voteHooks(genesis.services.staking);
  const base = voteService(p, hooks);
  return {
    ...base,
    initGenesis: (ctx, g) => base.initGenesis!(ctx, normalizeVoteGenesis(g)),
    async beginBlock(ctx) {
      await base.beginBlock?.(ctx);
      await voteBlockInputs(ctx, p, hooks);
    },
  };
}

/**
 * Build the service list and chain params for a genesis document. Staking must not be a VED
 * program (its escrows are UED state); the epoch interval must be at least 2 (validator updates
 * are handed to the BFT engine in the block after an epoch's first block).
 */
export function createPrograms(genesis: GenesisDocument, opts: ProgramsOptions = {}): Programs {
  validateGenesis(genesis);
  if (genesis.params.ved_programs.includes('staking')) {
    throw new DomainsError(DomainsError.INVALID_GENESIS, 'staking is a UED program, not a VED one');
  }
  if (genesis.params.epoch_interval < 2n) {
    throw new DomainsError(DomainsError.INVALID_GENESIS, 'epoch_interval must be at least 2');
  }
  const voteParams = validateParams({
    ...DEFAULT_VOTE_PARAMS,
    ...opts.vote,
    minStake: genesis.params.min_validator_stake,
  });
  const schedule = new FixedEpochSchedule(genesis.params.epoch_interval);
  const services: Service[] = [
    systemService,
    epochtimeService,
    wiredVote(genesis, voteParams),
    stakingService({ epochOfHeight: (h) => schedule.epochOf(h) }),
    createBeaconService(opts.beacon),
    ...runtimePrograms(genesis, opts.runtime),
  ];
  const params = chainParamsFromGenesis(genesis, services, schedule);
  return { services, params, schedule, voteParams };
}
