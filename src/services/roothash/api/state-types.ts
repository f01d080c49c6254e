/**
 * Records roothash keeps per runtime (spec/oasis.md §3.6): the latest block and heights, the
 * round timer, the committee installed at the epoch transition, the pool, liveness counters, the
 * last normal round's results, and the genesis document.
 */
import {
  array,
  bool,
  bytes32,
  type Infer,
  optional,
  struct,
  u64,
  withDefault,
} from '../../../common/index.js';
import { blockHeaderCodec } from './block.js';
import { MAX_COMMITMENT_MESSAGES } from './commitment.js';
import { committeeCodec, MAX_COMMITTEE_MEMBERS } from './committee.js';
import { runtimeMessageCodec } from './messages.js';
import { poolSnapshotCodec } from './pool-snapshot.js';

const counters = array(u64, MAX_COMMITTEE_MEMBERS);

/** Per-epoch liveness counters as stored. */
export const livenessStatisticsCodec = struct(
  { total_rounds: u64, good_rounds: counters, finalized_proposals: counters, missed_proposals: counters },
  'LivenessStatistics',
);

/** The roothash state of one runtime. */
export const runtimeStateCodec = struct(
  {
    runtime_id: bytes32,
    genesis_block: blockHeaderCodec,
    last_block: blockHeaderCodec,
    last_block_height: u64,
    last_normal_round: u64,
    last_normal_height: u64,
    /** Consensus height at which the round times out; 0 = no timer. */
    next_timeout: u64,
    suspended: bool,
    committee: optional(committeeCodec),
    pool: optional(poolSnapshotCodec),
    liveness: optional(livenessStatisticsCodec),
  },
  'RuntimeState',
);
/** The roothash state of one runtime. */
export type RuntimeState = Infer<typeof runtimeStateCodec>;

/** Results of the last normal round: its messages and the good and bad nodes. */
export const roundResultsCodec = struct(
  {
    messages: withDefault(array(runtimeMessageCodec, MAX_COMMITMENT_MESSAGES), [], (v) => v.length === 0),
    good_compute_nodes: array(bytes32, MAX_COMMITTEE_MEMBERS),
    bad_compute_nodes: array(bytes32, MAX_COMMITTEE_MEMBERS),
  },
  'RoundResults',
);
/** Results of the last normal round. */
export type RoundResults = Infer<typeof roundResultsCodec>;

/** The roothash genesis document: runtimes and their initial state. */
export const roothashGenesisCodec = struct(
  {
    runtimes: array(
      struct({ id: bytes32, state_root: bytes32, round: withDefault(u64, 0n) }, 'RuntimeGenesis'),
      4096,
    ),
  },
  'RoothashGenesis',
);
/** The roothash genesis document. */
export type RoothashGenesis = Infer<typeof roothashGenesisCodec>;
