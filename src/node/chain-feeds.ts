/**
 * The glue between a running chain and its API backend, until the consensus app tracks execution
 * status itself: after each committed height it indexes the block, takes the UED reports from the
 * height's commit into a {@link TrackedExecution} and the `uedReports` topic, follows the stake
 * table across epochs, and turns a divergence halt into an alert. The app's `onExecuted` hook
 * goes to {@link ChainFeeds.onExecuted}.
 */
import { toHex } from '../common/index.js';
import type { BlockStore } from '../consensus/bft/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import { type ChainApp, type ExecutedEvent, validatorsAt } from '../domains/index.js';
import { type ChainBackend, type ChainBackendParts, createChainBackend } from './chain-backend.js';
import { reportsOfCommit } from './commit-reports.js';
import { TrackedExecution } from './execution-source.js';
import { membershipAt, stakesOf } from './views.js';

/** What {@link createChainFeeds} needs: the backend parts other than the execution source. */
export type ChainFeedParts = Omit<ChainBackendParts, 'execution'>;

/** A backend with the hooks that feed it. */
export interface ChainFeeds {
  readonly backend: ChainBackend;
  readonly execution: TrackedExecution;
  /** Hook of ChainApp's `onExecuted`. */
  onExecuted(e: ExecutedEvent): void;
  /**
   * Call after each commit (ChainApp's `onCommitted`). Heights are handled one at a time in call
   * order; never rejects (failures go to `onError`).
   */
  onCommitted(height: bigint): Promise<void>;
  /** Settles once every height handed to {@link onCommitted} so far is handled (before closing stores). */
  drain(): Promise<void>;
}

async function stakeTable(app: ChainApp): Promise<Map<string, bigint>> {
  const h = app.committed.height;
  return stakesOf(await membershipAt(app.vedTree, app.programs.params.epochs, h + 1n, h));
}

/** Build the backend over a {@link TrackedExecution} and the hooks feeding both. */
export async function createChainFeeds(
  parts: ChainFeedParts,
  onError: (e: unknown) => void = () => {},
): Promise<ChainFeeds> {
  const { app, blocks } = parts;
  let stakes = await stakeTable(app);
  let backend: ChainBackend | undefined;
  const execution = new TrackedExecution({
    stakes,
    uedStart: app.ued.latest(),
    ...(parts.defaultMinStake !== undefined ? { defaultMinStake: parts.defaultMinStake } : {}),
    onHalt: (ev) =>
      backend?.onAlert({
        kind: 'divergence',
        height: BigInt(ev.height),
        message: `validators with ${ev.disagreeingStake} of ${ev.totalStake} stake reported another UED hash`,
      }),
  });
  backend = createChainBackend({ ...parts, execution });
  const b = backend;
  let tail: Promise<void> = Promise.resolve();
  const handle = async (height: bigint) => {
    await b.onBlock(height);
    if (app.programs.params.epochs.isEpochStart(height)) {
      stakes = await stakeTable(app);
      execution.setStakes(stakes);
    }
    await feedReports(app, blocks, parts.genesis, height, (r) => {
      execution.recordReport(r);
      b.onReport({ ...r, stake: stakes.get(toHex(r.validator)) ?? 0n });
    });
  };
  return {
    backend: b,
    execution,
    onExecuted(e) {
      b.onExecuted(e);
      if (e.domain === 'ued') execution.recordExecuted(e.height, e.domainHash, e.receipts);
    },
    onCommitted(height) {
      tail = tail.then(() => handle(height)).catch(onError);
      return tail;
    },
    drain: () => tail,
  };
}

async function feedReports(
  app: ChainApp,
  blocks: BlockStore,
  genesis: GenesisDocument,
  height: bigint,
  report: (r: { validator: Uint8Array; height: bigint; hash: Uint8Array }) => void,
): Promise<void> {
  const commit = await blocks.commit(height);
  if (commit === undefined) return;
  const set = await validatorsAt(app.vedTree, app.programs.params.epochs, genesis.validators, height);
  for (const r of reportsOfCommit(commit, set)) report(r);
}
