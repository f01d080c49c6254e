/**
 * The driver's two block jobs around a proposal: building this validator's own block (time,
 * evidence, transactions from the mempool, the application's VED hash) and deciding whether a
 * proposed block is acceptable (the consensus checks, then the application's).
 */
import { assembleBlock, checkBlock, type ParentInfo } from './block-check.js';
import type { ChainContexts } from './chain-contexts.js';
import type { CommittedChain } from './committed-chain.js';
import type { DriverOptions } from './driver-options.js';
import type { Block, Evidence } from './messages.js';
import type { ValidatorSet } from './validator-set.js';

/** Bytes and count of mempool transactions offered to the application for one block. */
const REAP_BYTES = 1024 * 1024;
const REAP_TXS = 5000;

/** This validator's block for `height` on top of `chain`, with the evidence it holds. */
export async function buildProposalBlock(
  o: DriverOptions,
  ctx: ChainContexts,
  chain: CommittedChain,
  set: ValidatorSet,
  held: Iterable<Evidence>,
  height: bigint,
): Promise<Block> {
  // What the last block committed must be out of the mempool before it is reaped again.
  await chain.mempoolSettled();
  const cs = chain.state;
  const now = o.timers.now();
  const time = o.app.proposalTime?.(cs.time, now) ?? (now > cs.time ? now : cs.time + 1n);
  const evidence = [...held].filter((e) => e.a.body.height === cs.height);
  const candidates = o.mempool?.reap(REAP_BYTES, o.maxBlockTxs ?? REAP_TXS) ?? [];
  const { txs, vedHash } = await o.app.prepareProposal({ height, time, candidates, evidence });
  return assembleBlock({
    chainId: o.chainId,
    height,
    time,
    parent: chain.parent(),
    lastCommit: cs.lastCommit,
    txs,
    evidence,
    vedHash,
    set,
    proposer: o.priv.publicKey,
    memo: ctx,
  });
}

/**
 * True when `block` passes the consensus checks against `parent` and `set` and the application
 * accepts it; a failed consensus check is reported to `drop` with its reason.
 */
export async function blockAcceptable(
  o: DriverOptions,
  ctx: ChainContexts,
  parent: ParentInfo,
  set: ValidatorSet,
  block: Block,
  drop: (reason: string) => void,
): Promise<boolean> {
  try {
    checkBlock(ctx, block, parent, set, o.timers.now(), o.maxFutureMs ?? 5000n);
  } catch (e) {
    drop((e as Error).message);
    return false;
  }
  return o.app.processProposal(block);
}
