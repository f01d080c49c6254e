/**
 * Recording of votes (APE-15). The consensus app calls {@link recordCommit} with each block's
 * LastCommit precommits; a precommit's extension carries the validator's latest UED report when
 * it computed a new one. Each voting vote account gets one credit; its report replaces the stored
 * one only if its height is higher. A report for the height already stored but with another hash
 * means the validator changed what it said: the first report is kept (it may already have been
 * counted by execution-status readers) and the conflict is counted and emitted as
 * `ReportConflict`, so the halt logic and operators can see it.
 *
 * Validators without a vote account are ignored: every validator of a VED membership has one.
 */
import { addressFromPublicKey, bytesEqual, compareBytes, toHex } from '../../../common/index.js';
import type { BlockContext, KvState } from '../../../consensus/index.js';
import { VoteError } from '../api/errors.js';
import { MAX_COMMIT_VOTES } from '../api/methods.js';
import type { CommitVote, UedReport, VoteAccount } from '../api/types.js';
import { VoteStateReader, VoteStateWriter } from '../state/views.js';

function checkVotes(votes: readonly CommitVote[]): CommitVote[] {
  if (votes.length > MAX_COMMIT_VOTES) {
    throw new VoteError(VoteError.TOO_MANY_VOTES, `more than ${MAX_COMMIT_VOTES} votes in a commit`);
  }
  const byKey = new Map<string, CommitVote>();
  for (const v of votes) {
    if (!(v.validator instanceof Uint8Array) || v.validator.length !== 32) {
      throw new VoteError(VoteError.INVALID_ARGUMENT, 'validator key must be 32 bytes');
    }
    if (v.ued !== undefined) {
      if (v.ued.height < 0n || !(v.ued.hash instanceof Uint8Array) || v.ued.hash.length !== 32) {
        throw new VoteError(VoteError.INVALID_ARGUMENT, 'UED report needs a height ≥ 0 and a 32-byte hash');
      }
    }
    // A validator precommits once per commit; a repeat is ignored, never credited twice.
    const k = toHex(v.validator);
    if (!byKey.has(k)) byKey.set(k, v);
  }
  return [...byKey.values()].sort((a, b) => compareBytes(a.validator, b.validator));
}

type ReportOutcome = 'newer' | 'ignored' | 'conflict';

function judgeReport(last: UedReport | null, r: UedReport): ReportOutcome {
  if (last === null || r.height > last.height) return 'newer';
  if (r.height === last.height && !bytesEqual(r.hash, last.hash)) return 'conflict';
  return 'ignored';
}

function applyVote(ctx: BlockContext, acct: VoteAccount, v: CommitVote): VoteAccount {
  const next = { ...acct, credits: acct.credits + 1n };
  if (v.ued === undefined) return next;
  const outcome = judgeReport(acct.lastReport, v.ued);
  if (outcome === 'newer') next.lastReport = { height: v.ued.height, hash: v.ued.hash };
  if (outcome === 'conflict') {
    next.reportConflicts = acct.reportConflicts + 1n;
    ctx.emit({
      module: 'vote',
      kind: 'ReportConflict',
      value: { validator: v.validator, height: v.ued.height, kept: acct.lastReport!.hash, other: v.ued.hash },
    });
  }
  return next;
}

/** Credits each voting account and stores the validators' newer UED reports (APE-15). */
export async function recordCommit(ctx: BlockContext, votes: readonly CommitVote[]): Promise<void> {
  const st = new VoteStateWriter(ctx.state);
  for (const v of checkVotes(votes)) {
    const address = addressFromPublicKey(v.validator);
    const acct = await st.account(address);
    if (acct === null) continue;
    st.putAccount(address, applyVote(ctx, acct, v));
  }
}

/** Validator public key (hex) → its latest UED report, for execution status and the halt rule. */
export async function readReports(state: KvState): Promise<Map<string, UedReport>> {
  const out = new Map<string, UedReport>();
  for (const { account } of await new VoteStateReader(state).accounts()) {
    if (account.lastReport !== null) out.set(toHex(account.node), account.lastReport);
  }
  return out;
}
