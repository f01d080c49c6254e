/**
 * The glue between a running chain and its API backend: the backend reads execution status, the
 * UED height and the halt from the consensus app itself (it tracks the reports of each block's
 * LastCommit, APE-15 to APE-20), and the app's hooks feed the backend's index and topics:
 * `onExecuted` the receipts, `onReport` the `uedReports` topic, `onAlert` the `alerts` topic, and
 * `onCommitted` the block index, one height at a time in order.
 */
import type { DivergenceAlert, ExecutedEvent, RecordedReport } from '../domains/index.js';
import { type ChainBackend, type ChainBackendParts, createChainBackend } from './chain-backend.js';

/** What {@link createChainFeeds} needs: the backend parts other than the execution source. */
export type ChainFeedParts = Omit<ChainBackendParts, 'execution'>;

/** A backend with the hooks that feed it (each the ChainApp option of the same name). */
export interface ChainFeeds {
  readonly backend: ChainBackend;
  onExecuted(e: ExecutedEvent): void;
  onReport(r: RecordedReport): void;
  onAlert(a: DivergenceAlert): void;
  /**
   * Call after each commit (ChainApp's `onCommitted`). Heights are handled one at a time in call
   * order; never rejects (failures go to `onError`).
   */
  onCommitted(height: bigint): Promise<void>;
  /** Settles once every height handed to {@link onCommitted} so far is handled (before closing stores). */
  drain(): Promise<void>;
}

/** Build the backend over the app and the hooks feeding it. */
export function createChainFeeds(
  parts: ChainFeedParts,
  onError: (e: unknown) => void = () => {},
): ChainFeeds {
  const backend = createChainBackend({ ...parts, execution: parts.app });
  let tail: Promise<void> = Promise.resolve();
  return {
    backend,
    onExecuted: (e) => backend.onExecuted(e),
    onReport: (r) => backend.onReport(r),
    onAlert: (a) => backend.onAlert(a),
    onCommitted(height) {
      tail = tail.then(() => backend.onBlock(height)).catch(onError);
      return tail;
    },
    drain: () => tail,
  };
}
