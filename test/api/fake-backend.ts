// A scripted NodeBackend for API and client tests: fixed data with big values (bigints beyond
// 2^64, real bech32 addresses), event emitters the test drives, and switches for failures.

import type {
  AccountView,
  AlertView,
  BlockView,
  CommitteesView,
  EventSource,
  ExecutionStatusView,
  NodeBackend,
  NodeView,
  RoundResultsView,
  RuntimeBlockView,
  RuntimeView,
  StatusView,
  TxView,
  UedReportView,
  VoteAccountView,
} from '../../src/api/index.js';
import { addressFromPublicKey, hash, type TandemError, toHex, utf8 } from '../../src/common/index.js';
import { RoothashError } from '../../src/services/roothash/index.js';

/** An event source whose listeners the test can count and feed. */
export class Emitter<T> implements EventSource<T> {
  readonly listeners = new Set<(e: T) => void>();
  subscribe(listener: (e: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: T): void {
    for (const l of this.listeners) l(e);
  }
}

export const h = (s: string): Uint8Array => hash(utf8(s));
export const addr = (s: string): Uint8Array => addressFromPublicKey(h(s));
export const BIG = 2n ** 70n + 12345n;

export const block7: BlockView = {
  height: 7,
  hash: h('block7'),
  parent_hash: h('block6'),
  time: 1_790_000_000_123,
  proposer: h('node-a'),
  ved_hash: h('ved7'),
  tx_hashes: [h('tx1'), h('tx2')],
};

export const receipt = {
  success: false,
  error: { module: 'staking', code: 3, message: 'insufficient balance' },
  domain: 'ued' as const,
  gas_used: BIG,
  events: [{ module: 'staking', kind: 'transfer', data: Uint8Array.of(0xa1, 0x00, 0xff) }],
};

export const tx1: TxView = { tx: Uint8Array.of(1, 2, 3, 255), height: 7, index: 0, receipt };

export const account: AccountView = {
  address: addr('alice'),
  balance: BIG,
  nonce: 2n ** 64n - 1n,
  mapping: 'RW-UED',
  escrow_active: 5n,
  escrow_debonding: 0n,
};

export const voteAccount: VoteAccountView = {
  address: addr('validator-a'),
  node_id: h('node-a'),
  stake: BIG * 3n,
  credits: 42n,
  commission: 500,
  last_report: { height: 6, hash: h('ued6') },
};

export class FakeBackend implements NodeBackend {
  readonly events = {
    blocks: new Emitter<BlockView>(),
    uedReports: new Emitter<UedReportView>(),
    alerts: new Emitter<AlertView>(),
  };
  /** When set, every method throws it. */
  fail: unknown;
  /** When set, submitTx rejects with it (a checkTx failure). */
  rejectTx: TandemError | undefined;
  /** When set, submitTx rejects the transactions it returns an error for (per-item failures). */
  rejectTxIf: ((tx: Uint8Array) => TandemError | undefined) | undefined;
  /** When true, waitFor* calls stay pending until {@link release}. */
  holdWaits = false;
  /** Resolves a pending waitFor*; tests call it to let a wait finish. */
  release: (() => void) | undefined;
  /** APE-18: the node halted on a UED divergence. */
  halted = false;
  submitted: string[] = [];
  lastMinStake: bigint | undefined | 'unset' = 'unset';

  private check(): void {
    if (this.fail !== undefined) throw this.fail;
  }
  async status(): Promise<StatusView> {
    this.check();
    return {
      chain_id: 'tandem-test',
      chain_context: 'c0ffee',
      height: 7,
      latest_block_hash: block7.hash,
      latest_block_time: block7.time,
      epoch: 3,
      halted: this.halted,
      syncing: false,
      peers: 4,
      ued_height: 6,
      ued_lag: 1,
    };
  }
  async getBlock(height: number): Promise<BlockView | null> {
    this.check();
    return height === 7 ? block7 : null;
  }
  async getBlockByHash(hash: Uint8Array): Promise<BlockView | null> {
    this.check();
    return toHex(hash) === toHex(block7.hash) ? block7 : null;
  }
  async getTx(hash: Uint8Array): Promise<TxView | null> {
    this.check();
    return toHex(hash) === toHex(h('tx1')) ? tx1 : null;
  }
  async submitTx(tx: Uint8Array): Promise<{ hash: Uint8Array }> {
    this.check();
    if (this.rejectTx) throw this.rejectTx;
    const refusal = this.rejectTxIf?.(tx);
    if (refusal) throw refusal;
    this.submitted.push(toHex(tx));
    return { hash: hash(tx) };
  }
  async executionStatus(hash: Uint8Array, minStake?: bigint): Promise<ExecutionStatusView> {
    this.check();
    this.lastMinStake = minStake;
    if (this.halted) return { state: 'diverged', reported_stake: 0n, total_stake: BIG };
    if (toHex(hash) !== toHex(h('tx1'))) return { state: 'pending', reported_stake: 0n, total_stake: BIG };
    const confirmed = (minStake ?? 0n) <= 60n;
    return {
      state: confirmed ? 'confirmed' : 'executed',
      receipt,
      height: 7,
      reported_stake: 60n,
      total_stake: BIG,
    };
  }
  async getAccount(address: Uint8Array): Promise<AccountView> {
    this.check();
    return { ...account, address };
  }
  async getValidators(height?: number) {
    this.check();
    return {
      height: height ?? 7,
      total_power: BIG,
      validators: [{ address: voteAccount.address, node_id: voteAccount.node_id, voting_power: BIG }],
    };
  }
  async getEpoch() {
    this.check();
    return { epoch: 3, start_height: 6, interval: 100 };
  }
  async getVoteAccount(address: Uint8Array): Promise<VoteAccountView | null> {
    this.check();
    return toHex(address) === toHex(voteAccount.address) ? voteAccount : null;
  }
  // The fake chain has no runtimes: every id is unknown, as a real node reports it.
  async getRuntimes(): Promise<RuntimeView[]> {
    this.check();
    return [];
  }
  getRuntime(id: Uint8Array): Promise<RuntimeView> {
    return this.noRuntime(id);
  }
  getRuntimeBlock(id: Uint8Array): Promise<RuntimeBlockView | null> {
    return this.noRuntime(id);
  }
  getCommittees(id: Uint8Array): Promise<CommitteesView> {
    return this.noRuntime(id);
  }
  async getNode(_id: Uint8Array): Promise<NodeView | null> {
    this.check();
    return null;
  }
  getRoundResults(id: Uint8Array): Promise<RoundResultsView | null> {
    return this.noRuntime(id);
  }
  private async noRuntime(id: Uint8Array): Promise<never> {
    this.check();
    throw new RoothashError(RoothashError.UNKNOWN_RUNTIME, `unknown runtime ${toHex(id)}`);
  }
  waitForInclusion(hash: Uint8Array, _timeoutMs: number): Promise<TxView> {
    return this.held(
      () => ({ ...tx1, tx: Uint8Array.from(Buffer.from(this.submitted.at(-1) ?? '', 'hex')), index: 1 }),
      hash,
    );
  }
  waitForExecution(
    hash: Uint8Array,
    minStake: bigint | undefined,
    _timeoutMs: number,
  ): Promise<ExecutionStatusView> {
    this.lastMinStake = minStake;
    return this.held(
      () => ({ state: 'confirmed', receipt, height: 8, reported_stake: minStake ?? 0n, total_stake: BIG }),
      hash,
    );
  }
  private held<T>(make: () => T, _hash: Uint8Array): Promise<T> {
    if (!this.holdWaits) return Promise.resolve(make());
    return new Promise((resolve) => {
      this.release = () => resolve(make());
    });
  }
}
