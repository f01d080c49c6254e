/**
 * Executing the UED part of final blocks behind a small interface, so the consensus app does not
 * care where it runs: {@link SyncUedRunner} executes in the caller's thread (today); issue 7 puts
 * the same work on a worker thread. After the last block of an epoch the runner also reads, from
 * its own state, what the VED needs at the next boundary (the stake snapshot and the UED's
 * remaps), which the app pins into that VED block (docs/state.md, "Cross-domain flows").
 */
import {
  type AccountMove,
  BlockOverlay,
  type ChainParams,
  type CrossDomainInput,
  executeUed,
  outgoingMoves,
  type Service,
  type TxReceipt,
  type VedAccountSet,
} from '../consensus/index.js';
import type { Tree } from '../mkvs/index.js';
import { readStakeSnapshot } from '../services/staking/index.js';
import { encodePinned, Pinned } from './cross-domain.js';
import { inboxRecord } from './runtime-inbox.js';

/** One final block for the UED, with the inputs the app pins for it. */
export interface UedJob {
  readonly height: bigint;
  readonly timeMs: bigint;
  readonly parentTimeMs: bigint;
  readonly txs: readonly Uint8Array[];
  readonly vedSet: VedAccountSet;
  readonly remapsIn: readonly AccountMove[];
  readonly crossDomain: CrossDomainInput;
}

/** What the UED produced for a block. */
export interface UedOutcome {
  readonly height: bigint;
  readonly domainHash: Uint8Array;
  readonly remapsOut: readonly AccountMove[];
  /** Receipts of the transactions the UED executed or failed, in block order. */
  readonly receipts: readonly TxReceipt[];
  /** After the last block of epoch E: the records the VED pins at the start of E + 1. */
  readonly forVed?: CrossDomainInput;
}

/** Where the UED executes. */
export interface UedRunner {
  /** Height and UED hash of the last executed block (the UED report, APE-15). */
  latest(): { height: bigint; hash: Uint8Array };
  /** Execute the next final block (heights strictly increasing by one). */
  run(job: UedJob): Promise<UedOutcome>;
  /** A committed UED value (mempool checks and queries). */
  get(key: Uint8Array): Promise<Uint8Array | null>;
}

/** Runs the UED synchronously in the caller's thread over one tree. */
export class SyncUedRunner implements UedRunner {
  #height: bigint;
  #hash: Uint8Array;

  constructor(
    private tree: Tree,
    private readonly params: ChainParams,
    private readonly services: readonly Service[],
    genesis: { height: bigint; hash: Uint8Array },
  ) {
    this.#height = genesis.height;
    this.#hash = genesis.hash;
  }

  latest(): { height: bigint; hash: Uint8Array } {
    return { height: this.#height, hash: this.#hash };
  }

  get(key: Uint8Array): Promise<Uint8Array | null> {
    return this.tree.get(key);
  }

  async run(job: UedJob): Promise<UedOutcome> {
    const r = await executeUed({
      tree: this.tree,
      block: { ...job, parentHash: this.#hash },
      params: this.params,
      vedSet: job.vedSet,
      services: this.services,
      remapsIn: job.remapsIn,
      crossDomain: job.crossDomain,
    });
    this.#height = job.height;
    this.#hash = r.domainHash;
    const epochs = this.params.epochs;
    const epoch = epochs.epochOf(job.height);
    const last = epochs.epochOf(job.height + 1n) !== epoch;
    const out = {
      height: job.height,
      domainHash: r.domainHash,
      remapsOut: r.remapsOut,
      receipts: r.receipts,
    };
    return last ? { ...out, forVed: await this.forVed(epoch) } : out;
  }

  /**
   * The stake snapshot of the end of `epoch`, the UED's remaps effective at `epoch` + 2 and the
   * epoch's inbox of incoming runtime messages.
   */
  private async forVed(epoch: bigint): Promise<CrossDomainInput> {
    const view = new BlockOverlay(this.tree);
    const snap = await readStakeSnapshot(view, epoch);
    const moves = await outgoingMoves(view, 'ued', epoch + 2n);
    const inbox = await inboxRecord(view, epoch);
    return {
      ...(inbox === undefined ? {} : { [Pinned.runtimeInbox]: inbox }),
      [Pinned.stake]: encodePinned.stake({ epoch, entries: snap?.entries ?? [] }),
      [Pinned.uedRemaps]: encodePinned.remaps({
        epoch: epoch + 2n,
        moves: moves.map((m) => ({ address: m.address, to: m.to })),
      }),
    };
  }
}
