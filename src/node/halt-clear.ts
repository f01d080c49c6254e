/**
 * The operator's way out of a divergence halt (APE-18) while the node is stopped: delete the halt
 * record of its data directory, so the next start signs again (a divergence still in the reports
 * halts it again). A running node holds the data directory's LevelDB lock, so clearing refuses
 * when that lock is taken rather than change the files under it.
 */
import { existsSync } from 'node:fs';
import { LevelBlockStore } from '../consensus/bft/index.js';
import { type DivergenceEvidence, DomainsError, FileHaltStore } from '../domains/index.js';
import type { NodeConfig } from './config.js';
import { dataDirLayout } from './data-dir.js';
import { NodeError } from './errors.js';

/** What {@link clearNodeHalt} found. */
export interface ClearedHalt {
  /** True when there was a halt record (now deleted). */
  readonly cleared: boolean;
  /** The evidence the record held, when readable. */
  readonly evidence?: DivergenceEvidence;
}

/** Delete the halt record of the node configured by `c`; refuses while the node runs. */
export async function clearNodeHalt(c: NodeConfig): Promise<ClearedHalt> {
  const layout = dataDirLayout(c.data_dir);
  await refuseIfInUse(layout.blocks);
  if (!existsSync(layout.haltRecord)) return { cleared: false };
  const store = new FileHaltStore(layout.haltRecord);
  let evidence: DivergenceEvidence | undefined;
  try {
    evidence = store.load();
  } catch (e) {
    // A damaged record is still a halt: clearing it is what the operator asked for.
    if (!(e instanceof DomainsError)) throw e;
  }
  store.clear();
  return evidence === undefined ? { cleared: true } : { cleared: true, evidence };
}

/** The block store is opened by every running node: its LevelDB lock tells whether one runs. */
async function refuseIfInUse(blocks: string): Promise<void> {
  if (!existsSync(blocks)) return;
  let store: LevelBlockStore;
  try {
    store = await LevelBlockStore.open(blocks);
  } catch (e) {
    throw new NodeError(
      NodeError.DATA_DIR_IN_USE,
      `cannot open ${blocks} (is the node running? stop it first): ${(e as Error).message}`,
    );
  }
  await store.close();
}
