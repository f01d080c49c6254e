// Shared roothash test fixture: deterministic keys, a runtime, its genesis block, committees and
// a builder for signed commitments.
import assert from 'node:assert/strict';
import {
  Ed25519Signer,
  EMPTY_HASH,
  hash,
  namespaceFromSeed,
  type Signer,
  utf8,
} from '../../../src/common/index.js';
import {
  type BlockHeader,
  blockHeaderHash,
  CommitmentPool,
  type Committee,
  type ExecutorCommitment,
  genesisBlock,
  messagesHash,
  type PoolConfig,
  Role,
  RoothashError,
  type RuntimeMessage,
  signExecutorCommitment,
} from '../../../src/services/roothash/index.js';

/** A deterministic key for a name. */
export function key(name: string): Signer {
  return Ed25519Signer.fromSeed(hash(utf8(`roothash-test/${name}`)));
}

export const RUNTIME = namespaceFromSeed('roothash-test-runtime');
export const CHAIN = 'c0'.repeat(32);
export const GENESIS: BlockHeader = genesisBlock(RUNTIME, 0n, hash(utf8('genesis state')));

/** A result: the state root is derived from a label so honest nodes agree and liars differ. */
export function root(label: string): Uint8Array {
  return hash(utf8(`root/${label}`));
}

/** Committee from worker and backup keys (workers first). */
export function committeeOf(workers: Signer[], backups: Signer[]): Committee {
  return {
    members: [
      ...workers.map((s) => ({ role: Role.Worker, public_key: s.publicKey })),
      ...backups.map((s) => ({ role: Role.BackupWorker, public_key: s.publicKey })),
    ],
  };
}

/** Executor parameters of the default e2e fixture (2 workers, 1 backup, no stragglers). */
export const EXECUTOR = { allowed_stragglers: 0, max_messages: 128, round_timeout: 20n };

/** A pool over `latest` with the given committee and overrides. */
export function poolOf(
  committee: Committee,
  over: Partial<PoolConfig> = {},
  latest = GENESIS,
): CommitmentPool {
  return new CommitmentPool(
    { runtimeId: RUNTIME, chainContext: CHAIN, committee, executor: EXECUTOR, ...over },
    latest,
  );
}

/** Options of {@link commit}. */
export interface CommitOpts {
  label?: string;
  failure?: number;
  messages?: RuntimeMessage[];
  /** Override messages_hash (default: the hash of `messages`). */
  messagesHash?: Uint8Array;
  round?: bigint;
  previousHash?: Uint8Array;
}

/** A signed commitment by `node` for the batch of `scheduler` on `latest`. */
export function commit(
  node: Signer,
  scheduler: Signer,
  latest: BlockHeader,
  o: CommitOpts = {},
): ExecutorCommitment {
  const base = {
    round: o.round ?? latest.round + 1n,
    previous_hash: o.previousHash ?? blockHeaderHash(latest),
  };
  const results = {
    ...base,
    io_root: root(`io/${o.label ?? 'good'}`),
    state_root: root(o.label ?? 'good'),
    messages_hash: o.messagesHash ?? messagesHash(o.messages ?? []),
    in_msgs_hash: EMPTY_HASH,
    in_msgs_count: 0,
  };
  const header =
    o.failure !== undefined && o.failure !== 0
      ? { scheduler_id: scheduler.publicKey, header: { ...base, in_msgs_count: 0 }, failure: o.failure }
      : { scheduler_id: scheduler.publicKey, header: results, failure: 0 };
  return signExecutorCommitment(node, RUNTIME, CHAIN, header, o.messages ?? []);
}

/** Assert `f` throws a RoothashError with `code`. */
export function throwsCode(f: () => unknown, code: number, msg?: string): void {
  assert.throws(f, (e: unknown) => e instanceof RoothashError && e.code === code, msg);
}
