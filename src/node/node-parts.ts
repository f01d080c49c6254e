/** Small pieces of the node's assembly: the genesis load, the timeouts, and two helpers of `startNode`. */
import { TandemError } from '../common/index.js';
import type { TimeoutConfig } from '../consensus/bft/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import { loadChainGenesis } from '../domains/index.js';
import type { NodeConfig } from './config.js';
import { NodeError } from './errors.js';

/**
 * The genesis document of the config in the typed form every program reads (the form `genesis
 * check` and the localnet compute the chain context of), any failure as a `NodeError` GENESIS
 * naming the file.
 */
export function loadNodeGenesis(path: string): GenesisDocument {
  try {
    return loadChainGenesis(path);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new NodeError(NodeError.GENESIS, `${path}: ${e.message}`);
  }
}

/** The driver's timeouts from the config's consensus section. */
export function timeoutsOf(c: NodeConfig): TimeoutConfig {
  const t = c.consensus.timeouts;
  return {
    proposeMs: t.propose_ms,
    proposeDeltaMs: t.propose_delta_ms,
    prevoteMs: t.prevote_ms,
    prevoteDeltaMs: t.prevote_delta_ms,
    precommitMs: t.precommit_ms,
    precommitDeltaMs: t.precommit_delta_ms,
    commitMs: t.commit_ms,
    emptyBlockWaitMs: t.empty_block_wait_ms,
  };
}

/** `{ [key]: value }`, or nothing when the value is undefined (exact optional properties). */
export function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

/** `f` run at most once: later calls get the first call's promise. */
export function once(f: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= f());
}
