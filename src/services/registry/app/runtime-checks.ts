/**
 * Validity of a runtime descriptor's parameter blocks (spec/oasis.md §4 executor, §6 transaction
 * scheduler and storage, RT-22 storage committee, §7 staking). Each failure names its field and
 * carries the block's own error code.
 */
import { toHex } from '../../../common/index.js';
import {
  type AdmissionPolicy,
  compareVersions,
  type Deployment,
  type ExecutorParams,
  MAX_THRESHOLD_KIND,
  RegistryError,
  type RuntimeStaking,
  type StorageParams,
  type TxnSchedulerParams,
} from '../api/index.js';

function fail(code: number, msg: string): never {
  throw new RegistryError(code, `registry: ${msg}`);
}

/** Upper bound on block-count and millisecond parameters (keeps height arithmetic exact). */
const MAX_DURATION = 1n << 32n;
const MIN_FLUSH_MS = 50n;
const MIN_PROPOSE_MS = 1000n;
const MIN_BATCH_BYTES = 1024n;
const MIN_CHECKPOINT_INTERVAL = 10n;
const MIN_CHUNK_SIZE = 1n << 20n;
/** Slash reasons a runtime may configure: incorrect results, equivocation, liveness. */
const RUNTIME_SLASH_REASONS = new Set([0x80, 0x81, 0x82]);

/** Executor committee validity (§4). */
export function checkExecutor(e: ExecutorParams): void {
  const code = RegistryError.INVALID_EXECUTOR_PARAMS;
  if (e.group_size === 0) fail(code, 'executor.group_size must be positive');
  if (e.allowed_stragglers > e.group_size) fail(code, 'executor.allowed_stragglers exceeds group_size');
  if (e.group_backup_size > 0 && e.allowed_stragglers > e.group_backup_size) {
    fail(code, 'executor.allowed_stragglers exceeds group_backup_size');
  }
  if (e.round_timeout === 0n || e.round_timeout > MAX_DURATION)
    fail(code, 'executor.round_timeout out of range');
  if (e.min_live_rounds_percent > 100) fail(code, 'executor.min_live_rounds_percent above 100');
  if (e.max_missed_proposals_percent > 100) fail(code, 'executor.max_missed_proposals_percent above 100');
}

/** Transaction scheduler bounds (§6); durations in milliseconds. */
export function checkTxnScheduler(t: TxnSchedulerParams): void {
  const code = RegistryError.INVALID_TXN_SCHEDULER_PARAMS;
  if (t.batch_flush_timeout < MIN_FLUSH_MS) fail(code, 'txn_scheduler.batch_flush_timeout below 50 ms');
  if (t.max_batch_size < 1n) fail(code, 'txn_scheduler.max_batch_size must be at least 1');
  if (t.max_batch_size_bytes < MIN_BATCH_BYTES) fail(code, 'txn_scheduler.max_batch_size_bytes below 1024');
  if (t.propose_batch_timeout < MIN_PROPOSE_MS) fail(code, 'txn_scheduler.propose_batch_timeout below 1 s');
  if (t.propose_batch_timeout > MAX_DURATION) fail(code, 'txn_scheduler.propose_batch_timeout too large');
  if (t.batch_flush_timeout > t.propose_batch_timeout) {
    fail(code, 'txn_scheduler.batch_flush_timeout exceeds propose_batch_timeout');
  }
}

/** Storage validity: committee receipts (RT-22) and checkpoints (§6). */
export function checkStorage(s: StorageParams): void {
  const code = RegistryError.INVALID_STORAGE_PARAMS;
  if (s.group_size === 0 && s.min_write_replication !== 0) {
    fail(code, 'storage.min_write_replication needs a storage committee (group_size > 0)');
  }
  if (s.group_size > 0 && (s.min_write_replication < 1 || s.min_write_replication > s.group_size)) {
    fail(code, 'storage.min_write_replication must be in 1..group_size');
  }
  if (s.checkpoint_interval === 0n) return;
  if (s.checkpoint_interval < MIN_CHECKPOINT_INTERVAL) fail(code, 'storage.checkpoint_interval below 10');
  if (s.checkpoint_num_kept === 0n) fail(code, 'storage.checkpoint_num_kept must be positive');
  if (s.checkpoint_chunk_size < MIN_CHUNK_SIZE) fail(code, 'storage.checkpoint_chunk_size below 1 MiB');
}

/** Admission policy: whitelisted entities listed once. */
export function checkAdmission(p: AdmissionPolicy): void {
  const seen = new Set<string>();
  for (const e of p.entity_whitelist?.entities ?? []) {
    const h = toHex(e);
    if (seen.has(h)) fail(RegistryError.INVALID_ADMISSION_POLICY, `entity ${h} whitelisted twice`);
    seen.add(h);
  }
}

function distinct(values: readonly number[], code: number, what: string): void {
  if (new Set(values).size !== values.length) fail(code, `${what} listed twice`);
}

/** Staking: known threshold kinds and runtime slash reasons, each once; percentages ≤ 100. */
export function checkStaking(s: RuntimeStaking): void {
  const code = RegistryError.INVALID_STAKING_PARAMS;
  const kinds = (s.thresholds ?? []).map((t) => t.kind);
  if (kinds.some((k) => k > MAX_THRESHOLD_KIND)) fail(code, 'staking.thresholds: unknown kind');
  distinct(kinds, code, 'staking threshold kind');
  const reasons = (s.slashing ?? []).map((x) => x.reason);
  if (reasons.some((r) => !RUNTIME_SLASH_REASONS.has(r)))
    fail(code, 'staking.slashing: not a runtime slash reason');
  distinct(reasons, code, 'staking slash reason');
  if (s.reward_equivocation > 100 || s.reward_bad_results > 100)
    fail(code, 'staking rewards above 100 percent');
}

/** Deployments: at least one, valid_from and version strictly increasing. */
export function checkDeployments(ds: readonly Deployment[]): void {
  const code = RegistryError.INVALID_DEPLOYMENTS;
  if (ds.length === 0) fail(code, 'runtime has no deployment');
  for (let i = 1; i < ds.length; i++) {
    if (ds[i]!.valid_from <= ds[i - 1]!.valid_from)
      fail(code, 'deployments not in increasing valid_from order');
    if (compareVersions(ds[i]!.version, ds[i - 1]!.version) <= 0)
      fail(code, 'deployment versions not increasing');
  }
}
