/** Small pieces of the node's assembly: the genesis load, the mempool check, the timeouts. */
import { TandemError, toHex } from '../common/index.js';
import type { CheckTxFn, TimeoutConfig } from '../consensus/bft/index.js';
import { type GenesisDocument, loadGenesisFile } from '../consensus/index.js';
import type { ChainApp } from '../domains/index.js';
import type { NodeConfig } from './config.js';
import { NodeError } from './errors.js';

/** The genesis document of the config, any failure as a `NodeError` GENESIS naming the file. */
export function loadNodeGenesis(path: string): GenesisDocument {
  try {
    return loadGenesisFile(path);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new NodeError(NodeError.GENESIS, `${path}: ${e.message}`);
  }
}

/** The mempool's check: the app's admission, with the sender, nonce and fee it orders by. */
export function mempoolCheck(app: ChainApp): CheckTxFn {
  return async (tx) => {
    const r = await app.checkTx(tx);
    if (!r.ok) return { ok: false, reason: `${r.module}/${r.code}: ${r.reason}` };
    return { ok: true, sender: toHex(r.feePayer), nonce: r.nonce, fee: r.fee };
  };
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
