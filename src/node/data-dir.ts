/**
 * Where a node keeps its data, all under the configured `data_dir` (docs/config.md restates it):
 *
 * - `wal/`: the consensus write-ahead log of the height in progress;
 * - `sign-state`: the last-signed record (never two different votes for one height and round);
 * - `consensus-state`: the BFT state after the last committed height (validator sets, commit);
 * - `blocks/`: decided blocks and their commits (LevelDB);
 * - `tx-index/`: the transaction index: positions, receipts, block hashes (LevelDB);
 * - `state/ved/`, `state/ued/`: the MKVS trees of the two domains (LevelDB node databases);
 * - `state/ued-compact/`: the UED on the compact store instead (`ued.store`): its state log
 *   (`log/`), the outcomes it posted (`outcomes/`) and, with checkpoints, their UED trees
 *   (`checkpoints/`); a data dir holds one UED store, never both;
 * - `state/app.record`: where the consensus app stands (heights and roots to resume from);
 * - `state/halt.record`: the persistent divergence halt (APE-18);
 * - `state/checkpoints/`: the records of the state-sync checkpoints offered (checkpoint-files.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The paths of a node's data directory. */
export interface DataDirLayout {
  readonly root: string;
  readonly wal: string;
  readonly signState: string;
  readonly consensusState: string;
  readonly blocks: string;
  readonly txIndex: string;
  readonly vedDb: string;
  readonly uedDb: string;
  readonly uedCompact: string;
  readonly appRecord: string;
  readonly haltRecord: string;
  readonly checkpoints: string;
}

/** The layout of `root` (nothing is created). */
export function dataDirLayout(root: string): DataDirLayout {
  return {
    root,
    wal: join(root, 'wal'),
    signState: join(root, 'sign-state'),
    consensusState: join(root, 'consensus-state'),
    blocks: join(root, 'blocks'),
    txIndex: join(root, 'tx-index'),
    vedDb: join(root, 'state', 'ved'),
    uedDb: join(root, 'state', 'ued'),
    uedCompact: join(root, 'state', 'ued-compact'),
    appRecord: join(root, 'state', 'app.record'),
    haltRecord: join(root, 'state', 'halt.record'),
    checkpoints: join(root, 'state', 'checkpoints'),
  };
}

/** Create the directories of the layout (private to the node's user). */
export function ensureDataDir(l: DataDirLayout): void {
  mkdirSync(join(l.root, 'state'), { recursive: true, mode: 0o700 });
}
