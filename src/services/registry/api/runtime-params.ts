/**
 * The parameter blocks of a runtime descriptor (spec/oasis.md §4 and §6): executor committee,
 * transaction scheduler, storage (with Tandem's storage committee, RT-22), admission policy and
 * staking. Durations are milliseconds (programs never see wall-clock durations).
 */
import {
  array,
  bytes32,
  type Infer,
  optional,
  quantity,
  struct,
  u8,
  u16,
  u32,
  u64,
  variant,
  withDefault,
} from '../../../common/index.js';
import { MAX_THRESHOLDS, MAX_WHITELIST } from './methods.js';

/** Executor committee parameters (§4). */
export const executorParamsCodec = struct(
  {
    group_size: u16,
    group_backup_size: u16,
    allowed_stragglers: u16,
    /** Blocks a round may wait for commitments. */
    round_timeout: u64,
    max_messages: u32,
    min_live_rounds_percent: withDefault(u8, 0),
    max_missed_proposals_percent: withDefault(u8, 0),
    min_live_rounds_eval: withDefault(u64, 0n),
    max_liveness_fails: withDefault(u8, 0),
  },
  'ExecutorParameters',
);
/** Executor committee parameters. */
export type ExecutorParams = Infer<typeof executorParamsCodec>;

/** Transaction scheduler parameters (§6 bounds). */
export const txnSchedulerParamsCodec = struct(
  {
    batch_flush_timeout: u64,
    max_batch_size: u64,
    max_batch_size_bytes: u64,
    max_in_messages: withDefault(u32, 0),
    propose_batch_timeout: u64,
  },
  'TxnSchedulerParameters',
);
/** Transaction scheduler parameters. */
export type TxnSchedulerParams = Infer<typeof txnSchedulerParamsCodec>;

/**
 * Storage parameters. `group_size` 0: the executors store the state themselves (Oasis since
 * 22.0); otherwise a storage committee of that size signs receipts and roothash needs
 * `min_write_replication` of them (RT-22).
 */
export const storageParamsCodec = struct(
  {
    group_size: withDefault(u16, 0),
    min_write_replication: withDefault(u16, 0),
    checkpoint_interval: withDefault(u64, 0n),
    checkpoint_num_kept: withDefault(u64, 0n),
    checkpoint_chunk_size: withDefault(u64, 0n),
  },
  'StorageParameters',
);
/** Storage parameters. */
export type StorageParams = Infer<typeof storageParamsCodec>;

/** Who may register nodes for the runtime. */
export const admissionPolicyCodec = variant(
  {
    any_node: struct({}, 'AnyNode'),
    entity_whitelist: struct({ entities: array(bytes32, MAX_WHITELIST) }, 'EntityWhitelist'),
  },
  'AdmissionPolicy',
);
/** Who may register nodes for the runtime. */
export type AdmissionPolicy = Infer<typeof admissionPolicyCodec>;

/** Threshold kinds (§7). */
export const ThresholdKind = {
  entity: 0,
  nodeValidator: 1,
  nodeCompute: 2,
  nodeObserver: 3,
  nodeKeyManager: 4,
  runtimeCompute: 5,
  runtimeKeyManager: 6,
  keyManagerChurp: 7,
} as const;
/** A threshold kind number. */
export type ThresholdKind = (typeof ThresholdKind)[keyof typeof ThresholdKind];
/** Largest defined threshold kind. */
export const MAX_THRESHOLD_KIND = 7;

/** A per-runtime extra threshold on nodes of a kind. */
export const thresholdCodec = struct({ kind: u8, amount: quantity }, 'Threshold');

/** Slashing for one reason: amount and freeze (epochs). */
export const slashCodec = struct({ reason: u8, amount: quantity, freeze_interval: u64 }, 'Slash');

/** Runtime staking parameters. */
export const runtimeStakingCodec = struct(
  {
    thresholds: optional(array(thresholdCodec, MAX_THRESHOLDS)),
    slashing: optional(array(slashCodec, MAX_THRESHOLDS)),
    reward_equivocation: withDefault(u8, 0),
    reward_bad_results: withDefault(u8, 0),
    min_in_message_fee: withDefault(quantity, 0n),
  },
  'RuntimeStakingParameters',
);
/** Runtime staking parameters. */
export type RuntimeStaking = Infer<typeof runtimeStakingCodec>;
