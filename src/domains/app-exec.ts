/**
 * The two executions the consensus app starts for a block: the VED of a block's content on a
 * tree opened at the committed VED root (speculative until the block is decided; cached by the app
 * under {@link vedExecKey}), and the UED job of a block with the inputs the app pins for it.
 */
import { concatBytes, hash, hashCanonicalList, threadCollector, toHex, u64be } from '../common/index.js';
import type { Evidence } from '../consensus/bft/index.js';
import {
  type AccountMove,
  type EpochSchedule,
  type ExecuteResult,
  executeVed,
  type VedAccountSet,
  type VerifiedTxs,
} from '../consensus/index.js';
import { type NodeDB, Tree } from '../mkvs/index.js';
import type { Tip } from './app-start.js';
import { type Carry, evidenceOf, type UedOutputs, uedInputs, vedInputs, vedSetAt } from './chain-carry.js';
import { encodePinned } from './cross-domain.js';
import type { Programs } from './programs.js';
import type { UedJob } from './ued-runner.js';

/** A VED execution of a block's content. */
export interface VedExec {
  readonly key: string;
  readonly tree: Tree;
  readonly result: ExecuteResult;
  readonly vedSet: VedAccountSet;
  readonly evidence: Uint8Array | undefined;
  /** Synchronous mode: the speculative UED execution of the same block. */
  ued?: Promise<Uint8Array>;
}

/** The pinned form of a block's evidence, or undefined when it has none. */
export function pinnedEvidence(ev: readonly Evidence[]): Uint8Array | undefined {
  return ev.length > 0 ? encodePinned.evidence(evidenceOf(ev)) : undefined;
}

/** What identifies a block's content for the VED. */
export function vedExecKey(
  height: bigint,
  time: bigint,
  txs: readonly Uint8Array[],
  evidence: Uint8Array | undefined,
): string {
  const ev = evidence ?? new Uint8Array(0);
  return toHex(hash(concatBytes(u64be(height), u64be(time), hashCanonicalList([...txs]), ev)));
}

/** Where the VED of the next height executes from. */
export interface VedEnv {
  readonly programs: Programs;
  readonly vedDb: NodeDB;
  readonly tip: Tip;
  readonly carry: Carry;
  readonly ued: UedOutputs;
  /** Transactions this node verified already (admission or an earlier execution). */
  readonly verified?: VerifiedTxs;
}

/** Execute the VED of the next height for a block's content (see the module header). */
export async function runVed(
  env: VedEnv,
  height: bigint,
  time: bigint,
  txs: Uint8Array[],
  evidence: Uint8Array | undefined,
): Promise<VedExec> {
  const { programs, tip, carry } = env;
  const epochs = programs.params.epochs;
  const { vedSet, remapsIn } = vedSetAt(carry, env.ued, epochs, height);
  const tree = new Tree({ db: env.vedDb, rootHash: tip.vedTree.rootHash() });
  const result = await executeVed({
    tree,
    block: { height, timeMs: time, parentTimeMs: tip.timeMs, parentHash: tip.vedHash, txs },
    params: programs.params,
    vedSet,
    services: programs.services,
    remapsIn,
    crossDomain: vedInputs(carry, env.ued, epochs, height, evidence),
    ...(env.verified ? { verified: env.verified } : {}),
  });
  // Young-generation collections between blocks (common/young-gc.ts says why).
  threadCollector.afterBlock(txs.length);
  return { key: vedExecKey(height, time, txs, evidence), tree, result, vedSet, evidence };
}

/** A block's UED job; `vedTree` holds the block's VED state (the memberships read for it). */
export async function uedJobFor(
  b: {
    readonly height: bigint;
    readonly timeMs: bigint;
    readonly parentTimeMs: bigint;
    readonly txs: readonly Uint8Array[];
    readonly vedSet: VedAccountSet;
    readonly startIn: readonly AccountMove[];
    readonly vedTree: Tree;
    readonly evidence: Uint8Array | undefined;
    readonly verified?: VerifiedTxs;
  },
  epochs: EpochSchedule,
): Promise<UedJob> {
  return {
    ...(b.verified === undefined ? {} : { verified: b.verified }),
    height: b.height,
    timeMs: b.timeMs,
    parentTimeMs: b.parentTimeMs,
    txs: b.txs,
    vedSet: b.vedSet,
    remapsIn: epochs.isEpochStart(b.height) ? b.startIn : [],
    crossDomain: await uedInputs(b.vedTree, epochs, b.height, b.evidence),
  };
}
