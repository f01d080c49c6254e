/**
 * Whether a joining node may trust a checkpoint. The anchor is the validator set the node knows,
 * the genesis validators; the sets of later epochs (other powers, other members) are reached by
 * skipping verification, as a light client does with a trust level of 1/3: the commit of block h
 * must be signed by genesis validators holding more than 1/3 of the genesis power, so at least
 * one genesis validator that is correct vouches for it. Checks, in order:
 * - the record's consensus state is that of the checkpoint height, and its validator sets (of
 *   that height and the next) are the ones headers h and h + 1 name (validators hash);
 * - block h and block h + 1 (from block sync) carry commits by more than 2/3 of those sets'
 *   power, the commit of h also by more than 1/3 of the genesis power, and the state names
 *   block h as the last block, at its time;
 * - the VED: header h's VED hash is the record's, and recomputing it from the preimage with the
 *   record's VED root gives it (so the root is the committed one);
 * - the UED: the preimage with the record's UED root gives the record's UED hash, and validators
 *   with more than 1/3 of the power reported exactly (h, that hash) in their precommits of
 *   h + 1 (APE-15), so at least one correct validator computed it.
 * The genesis anchor has no trusting period: a genesis majority that has long unbonded could sign
 * a false history unpunished, and once the genesis validators hold a third of the power no more, no
 * honest checkpoint passes it. An operator closes both with a {@link TrustAnchor} (config
 * `state_sync.trust_height` / `trust_hash`, as CometBFT's options of those names and Lodestar's
 * weak-subjectivity checkpoint): the hash of a block taken from a source the operator trusts. Then
 * only the checkpoint at that height is taken, block h must be that block, and the genesis rule is
 * not asked (every other check stays).
 * Limits: what the record carries besides (the app's epoch-boundary carry) is the peer's word: a wrong one
 * makes this node's VED hash differ at the next epoch start, where it stops (no silent fork).
 */
import { bytesEqual, toHex } from '../common/index.js';
import {
  blockHash,
  type ChainContexts,
  type ConsensusState,
  type Decided,
  decodeState,
  type Validator,
  type ValidatorSet,
  verifyCommit,
} from '../consensus/bft/index.js';
import { domainHash } from '../consensus/index.js';
import { type AppRecord, decodeAppRecord, decodeUedReport } from '../domains/index.js';
import { NodeError } from './errors.js';
import type { CheckpointOffer, CheckpointRecord, HashPreimage } from './state-sync-wire.js';

/** A checkpoint that passed every check, with what the node starts from. */
export interface TrustedCheckpoint {
  readonly app: AppRecord;
  readonly state: ConsensusState;
  /** Block h with its commit. */
  readonly decided: Decided;
}

/** A block the operator trusts: the checkpoint at `height` must be the one of this block. */
export interface TrustAnchor {
  readonly height: bigint;
  readonly blockHash: Uint8Array;
}

/** What the checks need. */
export interface TrustInput {
  readonly ctx: ChainContexts;
  readonly chainContext: string;
  readonly validators: readonly Validator[];
  readonly offer: CheckpointOffer;
  readonly record: CheckpointRecord;
  /** Blocks h and h + 1 with their commits. */
  readonly decided: readonly Decided[];
  /** The operator's anchor; when given it replaces the genesis-power rule. */
  readonly anchor?: TrustAnchor;
}

function untrusted(why: string): NodeError {
  return new NodeError(NodeError.STATE_SYNC_UNTRUSTED, `checkpoint not trusted: ${why}`);
}

/** Genesis power of the validators that signed `d`'s commit (signatures already verified). */
function anchoredPower(d: Decided, set: ValidatorSet, anchor: readonly Validator[]): bigint {
  const power = new Map(anchor.map((v) => [toHex(v.pubKey), v.power]));
  let sum = 0n;
  for (const v of d.commit.votes) {
    const key = set.validators[v.body.validator]?.pubKey;
    sum += key === undefined ? 0n : (power.get(toHex(key)) ?? 0n);
  }
  return sum;
}

function rootOk(pre: HashPreimage, domain: 'ved' | 'ued', h: bigint, root: Uint8Array, want: Uint8Array) {
  const parts = {
    parentHash: pre.parent_hash,
    receiptsRoot: pre.receipts_root,
    vedSetHash: pre.ved_set_hash,
  };
  return bytesEqual(domainHash({ domain, height: h, stateRoot: root, ...parts }), want);
}

/** Run every check of the module header; throws NodeError STATE_SYNC_UNTRUSTED on the first failure. */
export function verifyCheckpoint(t: TrustInput): TrustedCheckpoint {
  const h = t.offer.height;
  const [d, after] = t.decided;
  if (d?.block.header.height !== h || after?.block.header.height !== h + 1n) {
    throw untrusted(`blocks ${h} and ${h + 1n} not both served`);
  }
  let app: AppRecord;
  let state: ConsensusState;
  try {
    app = decodeAppRecord(t.record.app_record);
    state = decodeState(t.record.consensus_state);
  } catch (e) {
    throw untrusted((e as Error).message);
  }
  if (app.chainContext !== t.chainContext || app.height !== h || app.ued.height !== h || state.height !== h) {
    throw untrusted('record of another chain or height');
  }
  if (!bytesEqual(app.vedRoot, t.offer.ved_root) || !bytesEqual(app.ued.root, t.offer.ued_root)) {
    throw untrusted('record roots differ from the listed ones');
  }
  const set = state.lastSet;
  if (
    set === null ||
    !bytesEqual(set.hash(), d.block.header.validators_hash) ||
    !bytesEqual(state.next.hash(), after.block.header.validators_hash)
  ) {
    throw untrusted('validator sets differ from the ones the headers name');
  }
  try {
    verifyCommit(t.ctx, set, h, blockHash(d.block), d.commit);
    verifyCommit(t.ctx, state.next, h + 1n, blockHash(after.block), after.commit);
  } catch (e) {
    throw untrusted((e as Error).message);
  }
  if (t.anchor !== undefined) {
    const why = anchorMismatch(t.anchor, d);
    if (why !== undefined) throw untrusted(why);
  } else if (anchoredPower(d, set, t.validators) * 3n <= t.validators.reduce((a, v) => a + v.power, 0n)) {
    throw untrusted('the commit is not signed by more than 1/3 of the genesis power');
  }
  if (!bytesEqual(state.lastBlockHash, blockHash(d.block)) || state.time !== d.block.header.time) {
    throw untrusted('consensus state does not name the committed block');
  }
  if (
    !bytesEqual(d.block.header.ved_hash, app.vedHash) ||
    !rootOk(t.record.ved, 'ved', h, app.vedRoot, app.vedHash)
  ) {
    throw untrusted('the VED root is not the one the header commits to');
  }
  if (!rootOk(t.record.ued, 'ued', h, app.ued.root, app.ued.hash)) {
    throw untrusted('the UED root does not give the UED hash');
  }
  if (reportedPower(after, state.next, h, app.ued.hash) * 3n <= state.next.totalPower) {
    throw untrusted('the UED hash is not reported by more than 1/3 of the power');
  }
  return { app, state, decided: d };
}

/**
 * Why block `d` is not the anchor's block, or undefined when it is. A mismatch says the peer's
 * chain (or the operator's hash) is not the trusted one, not that the peer broke a rule.
 */
export function anchorMismatch(anchor: TrustAnchor, d: Decided | undefined): string | undefined {
  const h = d?.block.header.height;
  if (d === undefined || h !== anchor.height)
    return `block ${h ?? '?'} is not at the trusted height ${anchor.height}`;
  const got = blockHash(d.block);
  if (!bytesEqual(got, anchor.blockHash)) {
    return `block ${h} has hash ${toHex(got)}, not the trusted ${toHex(anchor.blockHash)}`;
  }
  return undefined;
}

/** Power of the precommits of `d`'s commit that report (h, hash) for the UED. */
function reportedPower(d: Decided, set: ValidatorSet, h: bigint, hash: Uint8Array): bigint {
  let power = 0n;
  for (const v of d.commit.votes) {
    const r = decodeUedReport(v.body.extension);
    if (r && r.height === h && bytesEqual(r.hash, hash))
      power += set.validators[v.body.validator]?.power ?? 0n;
  }
  return power;
}
