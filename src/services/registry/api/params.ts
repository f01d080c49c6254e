/** Registry consensus parameters and the genesis document. */
import { array, bool, type Infer, optional, struct, u64, withDefault } from '../../../common/index.js';
import { boundedSignedCodec } from './entity.js';
import { MAX_THRESHOLDS } from './methods.js';
import { boundedMultiSignedCodec } from './node.js';
import { runtimeCodec } from './runtime.js';
import { thresholdCodec } from './runtime-params.js';

/** Registry parameters. */
export const registryParamsCodec = struct(
  {
    /** A node may register at most this many epochs ahead (≥ 1). */
    max_node_expiration: u64,
    /** Epochs an expired node stays (slashable) before removal. */
    debonding_interval: u64,
    /** Gas per runtime per newly covered epoch at node registration (RT-23). */
    runtime_epoch_maintenance: u64,
    /** Whether test runtimes (id flag bit 63) may register (RT-3). */
    allow_test_runtimes: bool,
    /**
     * Escrow each registration claims, by threshold kind (spec/oasis.md §7; Oasis keeps them in
     * the staking parameters). None: only the runtimes' per-node extras are claimed.
     */
    stake_thresholds: withDefault(array(thresholdCodec, MAX_THRESHOLDS), [], (v) => v.length === 0),
  },
  'RegistryParams',
);
/** Registry parameters. */
export type RegistryParams = Infer<typeof registryParamsCodec>;

/** Most entities in the genesis document. */
export const MAX_GENESIS_ENTITIES = 10_000;
/** Most nodes in the genesis document. */
export const MAX_GENESIS_NODES = 10_000;
/** Most runtimes in the genesis document. */
export const MAX_GENESIS_RUNTIMES = 1_000;

/** The registry's genesis document; descriptors are checked exactly as transactions are. */
export const registryGenesisCodec = struct(
  {
    params: registryParamsCodec,
    entities: optional(array(boundedSignedCodec, MAX_GENESIS_ENTITIES)),
    runtimes: optional(array(runtimeCodec, MAX_GENESIS_RUNTIMES)),
    nodes: optional(array(boundedMultiSignedCodec, MAX_GENESIS_NODES)),
  },
  'RegistryGenesis',
);
/** The registry's genesis document. */
export type RegistryGenesis = Infer<typeof registryGenesisCodec>;
